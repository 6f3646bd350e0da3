import { Alert, Button, Code, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { CONFIG_QUERY_KEY, type Pod, type PodMode, switchMode } from './admin-config.api';
import { ConfirmPodId } from './confirm-pod-id';
import { pathErrors } from './path-errors';

const MISSING = /^\/parameters\/(.+)\/live_value$/;

export interface SwitchModeModalProps {
  pod: Pod;
  target: PodMode;
  opened: boolean;
  onClose(): void;
}

/**
 * SANDBOX → LIVE says what changes and needs the pod_id typed; when the server refuses because
 * LIVE-required parameters have no live value, it lists them. LIVE → SANDBOX is a plain confirmation.
 */
export function SwitchModeModal({ pod, target, opened, onClose }: SwitchModeModalProps) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState('');
  const toLive = target === 'LIVE';
  const run = useMutation({
    mutationFn: () => switchMode(pod.pod_id, target, toLive ? confirm : undefined),
    onSuccess: () => {
      close();
      void queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY });
    },
  });
  function close() {
    run.reset();
    setConfirm('');
    onClose();
  }
  const errors = pathErrors(run.error);
  const missing = errors.flatMap((e) => {
    const key = MISSING.exec(e.path)?.[1];
    return key ? [{ key, message: e.message }] : [];
  });
  const confirmError = errors.find((e) => e.path === '/body/confirm')?.message;
  // Anything else the server names (e.g. `/environment/MAIL_TRANSPORT`: a setting of the deployment).
  const blockers = errors.filter((e) => e.path !== '/body/confirm' && !MISSING.test(e.path));
  const otherError = errors.length === 0 ? run.error : null;

  return (
    <Modal opened={opened} onClose={close} title={`Switch ${pod.pod_id} to ${target}?`} centered size="lg">
      <form
        aria-label={`Switch to ${target}`}
        onSubmit={(event) => {
          event.preventDefault();
          if (!toLive || confirm === pod.pod_id) run.mutate();
        }}
      >
        <Stack gap="md">
          {toLive ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="LIVE means real money">
              <List size="sm" spacing={4}>
                <List.Item>
                  GPU pods are deployed on the real providers, with their real credentials.
                </List.Item>
                <List.Item>Customers' cards are charged through Stripe's live keys.</List.Item>
                <List.Item>E-mails go to real recipients instead of the dev mailbox.</List.Item>
                <List.Item>Every parameter takes its LIVE value from now on.</List.Item>
              </List>
            </Alert>
          ) : (
            <Text size="sm">
              Providers are simulated, payments use test keys and e-mails are captured again. Every parameter
              takes its SANDBOX value. Running LIVE workloads are not stopped by this switch.
            </Text>
          )}
          {missing.length > 0 && (
            <Alert
              color="orange"
              variant="light"
              role="alert"
              title="LIVE-required parameters have no LIVE value"
            >
              <List size="sm" spacing={4} aria-label="Missing LIVE parameters">
                {missing.map((m) => (
                  <List.Item key={m.key}>
                    <Code>{m.key}</Code>: {m.message}
                  </List.Item>
                ))}
              </List>
              <Text size="sm" mt="xs">
                Set their LIVE values on the Parameters tab, then switch again.
              </Text>
            </Alert>
          )}
          {blockers.length > 0 && (
            <Alert color="orange" variant="light" role="alert" title="This deployment is not ready for LIVE">
              <List size="sm" spacing={4} aria-label="LIVE blockers">
                {blockers.map((b) => (
                  <List.Item key={b.path}>
                    <Code>{b.path.replace(/^\/environment\//, '')}</Code>: {b.message}
                  </List.Item>
                ))}
              </List>
              {blockers.some((b) => b.path.startsWith('/environment/')) && (
                <Text size="sm" mt="xs">
                  Environment settings are changed where the server is deployed, then it is restarted.
                </Text>
              )}
            </Alert>
          )}
          {toLive && (
            <ConfirmPodId podId={pod.pod_id} value={confirm} onChange={setConfirm} error={confirmError} />
          )}
          <FormProblem error={otherError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={toLive ? 'red' : 'yellow'}
              loading={run.isPending}
              disabled={toLive && confirm !== pod.pod_id}
            >
              Switch to {target}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
