import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormProblem, fieldErrors } from '../auth/form-problem';
import { CONFIG_QUERY_KEY, createPod } from './admin-config.api';

const POD_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A new POD (always SANDBOX); opens it once created. */
export function CreatePodModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [podId, setPodId] = useState('');
  const [name, setName] = useState('');
  const [region, setRegion] = useState('');
  const create = useMutation({
    mutationFn: createPod,
    onSuccess: async (pod) => {
      await queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY });
      close();
      await navigate(`/admin/config/${pod.pod_id}`);
    },
  });
  function close() {
    create.reset();
    setPodId('');
    setName('');
    setRegion('');
    onClose();
  }
  const fields = fieldErrors(create.error);
  const badId = podId !== '' && !POD_ID.test(podId);

  return (
    <Modal opened={opened} onClose={close} title="New POD" centered>
      <form
        aria-label="Create a POD"
        onSubmit={(event) => {
          event.preventDefault();
          if (badId) return;
          create.mutate({ pod_id: podId, name: name.trim(), aws_region: region.trim() || undefined });
        }}
      >
        <Stack gap="md">
          <TextInput
            label="POD id"
            description="Lower-case letters, digits and dashes; cannot be changed later."
            required
            data-autofocus
            value={podId}
            onChange={(event) => setPodId(event.currentTarget.value)}
            error={badId ? 'Use lower-case letters, digits and dashes (max 63).' : fields.pod_id}
          />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fields.name}
          />
          <TextInput
            label="AWS region"
            placeholder="e.g. eu-west-1"
            value={region}
            onChange={(event) => setRegion(event.currentTarget.value)}
            error={fields.aws_region}
          />
          {Object.keys(fields).length === 0 && <FormProblem error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={badId}>
              Create POD
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
