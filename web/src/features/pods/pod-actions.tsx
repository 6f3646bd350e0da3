import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlayerPlay, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import { FormProblem } from '../auth/form-problem';
import { type Pod, usePodAction } from './pods.api';

/** Stop / Start / Terminate, each offered only where the lifecycle allows it; terminate asks first. */
export function PodActions({ pod }: { pod: Pod }) {
  const action = usePodAction(pod.id);
  const [confirming, confirm] = useDisclosure(false);
  const busy = action.isPending;
  if (pod.status === 'terminated') return null;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {pod.status === 'running' && (
          <Button
            variant="default"
            leftSection={<IconPlayerStop size={16} />}
            loading={busy && action.variables === 'stop'}
            disabled={busy}
            onClick={() => action.mutate('stop')}
          >
            Stop
          </Button>
        )}
        {pod.status === 'stopped' && (
          <Button
            variant="default"
            leftSection={<IconPlayerPlay size={16} />}
            loading={busy && action.variables === 'start'}
            disabled={busy}
            onClick={() => action.mutate('start')}
          >
            Start
          </Button>
        )}
        <Button
          color="red"
          variant="light"
          leftSection={<IconTrash size={16} />}
          disabled={busy}
          onClick={confirm.open}
        >
          Terminate
        </Button>
      </Group>
      {action.error && <FormProblem error={action.error} title="The action failed" />}
      <Modal opened={confirming} onClose={confirm.close} title={`Terminate ${pod.name}?`} centered>
        <Stack gap="md">
          <Text size="sm">
            The instance and its storage are deleted and billing stops. This cannot be undone.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={busy && action.variables === 'terminate'}
              onClick={() => action.mutate('terminate', { onSettled: confirm.close })}
            >
              Terminate pod
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
