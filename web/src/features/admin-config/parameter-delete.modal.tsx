import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem } from '../auth/form-problem';
import { CONFIG_QUERY_KEY, deleteParameter, type Parameter, type Pod } from './admin-config.api';
import { ConfirmPodId } from './confirm-pod-id';
import { errorsUnder, pathErrors } from './path-errors';

/** Reset a well-known parameter to its default, or delete a free-form one; LIVE asks for the pod_id. */
export function ParameterDeleteModal({
  pod,
  parameter,
  onClose,
}: {
  pod: Pod;
  parameter: Parameter | null;
  onClose(): void;
}) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState('');
  const live = pod.mode === 'LIVE';
  const remove = useMutation({
    mutationFn: (key: string) => deleteParameter(pod.pod_id, key, live ? confirm : undefined),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY });
      close();
    },
  });
  function close() {
    remove.reset();
    setConfirm('');
    onClose();
  }
  const reset = parameter?.well_known ?? false;
  const confirmError =
    errorsUnder(pathErrors(remove.error), '/query').confirm ??
    errorsUnder(pathErrors(remove.error), '/body').confirm;
  return (
    <Modal
      opened={parameter !== null}
      onClose={close}
      title={reset ? 'Reset to default?' : 'Delete parameter?'}
      centered
    >
      <form
        aria-label={reset ? 'Reset parameter' : 'Delete parameter'}
        onSubmit={(event) => {
          event.preventDefault();
          if (parameter && (!live || confirm === pod.pod_id)) remove.mutate(parameter.key);
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            {reset ? (
              <>
                <Code>{parameter?.key}</Code> goes back to its built-in default in both modes.
              </>
            ) : (
              <>
                <Code>{parameter?.key}</Code> is removed from this POD.
              </>
            )}
          </Text>
          {live && (
            <ConfirmPodId podId={pod.pod_id} value={confirm} onChange={setConfirm} error={confirmError} />
          )}
          {!confirmError && <FormProblem error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              color="red"
              loading={remove.isPending}
              disabled={live && confirm !== pod.pod_id}
            >
              {reset ? 'Reset to default' : 'Delete'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
