import { Badge, Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconBolt, IconFlask } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { CONFIG_QUERY_KEY, type Pod, type PodMode, updatePod } from './admin-config.api';
import { ModeBadge } from './mode-badge';
import { SwitchModeModal } from './switch-mode.modal';

const FLAG = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Name, mode, region and feature flags of a POD; the way to switch SANDBOX ⇄ LIVE. */
export function PodHeader({ pod }: { pod: Pod }) {
  const [switching, setSwitching] = useState(false);
  // Fixed when the dialog opens: the switch flips `pod.mode` while the dialog is still closing.
  const [switchTarget, setSwitchTarget] = useState<PodMode>('LIVE');
  const target = pod.mode === 'LIVE' ? 'SANDBOX' : 'LIVE';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="pod-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <div>
            <Group gap="sm" align="center">
              <Title id="pod-title" order={1} fz={{ base: 24, sm: 30 }}>
                {pod.name}
              </Title>
              <ModeBadge mode={pod.mode} size="lg" data-testid="pod-mode" />
              {pod.is_current && (
                <Badge variant="light" color="indigo">
                  current
                </Badge>
              )}
            </Group>
            <Text c="dimmed" size="sm" mt={4}>
              <Text span ff="monospace" inherit>
                {pod.pod_id}
              </Text>
              {' · '}
              {pod.aws_region ?? 'no AWS region'}
            </Text>
          </div>
          <Button
            color={target === 'LIVE' ? 'red' : 'yellow'}
            variant={target === 'LIVE' ? 'filled' : 'light'}
            leftSection={target === 'LIVE' ? <IconBolt size={16} /> : <IconFlask size={16} />}
            onClick={() => {
              setSwitchTarget(target);
              setSwitching(true);
            }}
          >
            Switch to {target}
          </Button>
        </Group>
        <FeatureFlags pod={pod} />
      </Stack>
      <SwitchModeModal
        pod={pod}
        target={switchTarget}
        opened={switching}
        onClose={() => setSwitching(false)}
      />
    </Card>
  );
}

function FeatureFlags({ pod }: { pod: Pod }) {
  const queryClient = useQueryClient();
  const [newFlag, setNewFlag] = useState('');
  const save = useMutation({
    mutationFn: (flags: Record<string, boolean>) => updatePod(pod.pod_id, { feature_flags: flags }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY }),
  });
  const flags = Object.entries(pod.feature_flags).sort(([a], [b]) => a.localeCompare(b));
  const badFlag = newFlag !== '' && !FLAG.test(newFlag);
  return (
    <Stack gap="xs" role="group" aria-label="Feature flags">
      <Text fw={600} size="sm">
        Feature flags
      </Text>
      {flags.length === 0 && (
        <Text size="sm" c="dimmed">
          No feature flags.
        </Text>
      )}
      <Group gap="lg">
        {flags.map(([flag, on]) => (
          <Switch
            key={flag}
            label={flag}
            checked={on}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ ...pod.feature_flags, [flag]: event.currentTarget.checked })}
          />
        ))}
      </Group>
      <form
        aria-label="Add a feature flag"
        onSubmit={(event) => {
          event.preventDefault();
          if (badFlag || newFlag === '') return;
          save.mutate({ ...pod.feature_flags, [newFlag]: false }, { onSuccess: () => setNewFlag('') });
        }}
      >
        <Group gap="xs" align="flex-start">
          <TextInput
            size="xs"
            placeholder="new_flag"
            aria-label="New feature flag"
            value={newFlag}
            onChange={(event) => setNewFlag(event.currentTarget.value)}
            error={badFlag ? 'Lower-case letters, digits, _ . -' : undefined}
          />
          <Button size="xs" variant="default" type="submit" disabled={badFlag || newFlag === ''}>
            Add flag
          </Button>
        </Group>
      </form>
      <FormProblem error={save.error} />
    </Stack>
  );
}
