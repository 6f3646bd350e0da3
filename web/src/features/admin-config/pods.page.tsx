import {
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { FormProblem } from '../auth/form-problem';
import { CONFIG_QUERY_KEY, deletePod, listPods, type Pod, podsKey } from './admin-config.api';
import { CreatePodModal } from './create-pod.modal';
import { ModeBadge } from './mode-badge';

/** `/admin/config`: every POD this database configures, create and delete. */
export function PodsPage() {
  usePageTitle('Platform configuration');
  const pods = useQuery({ queryKey: podsKey(), queryFn: listPods });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Pod | null>(null);

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1} fz={{ base: 28, sm: 34 }}>
              Platform configuration
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              PODs, their mode and parameters. Every change is audited.
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New POD
          </Button>
        </Group>
        {pods.isPending ? (
          <Text size="sm" c="dimmed" role="status">
            Loading PODs…
          </Text>
        ) : pods.isError ? (
          <FormProblem error={pods.error} />
        ) : (
          <PodsTable pods={pods.data} onDelete={setDeleting} />
        )}
      </Stack>
      <CreatePodModal opened={creating} onClose={() => setCreating(false)} />
      <DeletePodModal pod={deleting} onClose={() => setDeleting(null)} />
    </Container>
  );
}

function PodsTable({ pods, onDelete }: { pods: Pod[]; onDelete(pod: Pod): void }) {
  if (pods.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No PODs yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" aria-label="PODs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>POD</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Mode</Table.Th>
            <Table.Th>Region</Table.Th>
            <Table.Th>Feature flags</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pods.map((pod) => (
            <Table.Tr key={pod.pod_id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/admin/config/${pod.pod_id}`} ff="monospace" fz="sm">
                    {pod.pod_id}
                  </Anchor>
                  {pod.is_current && (
                    <Badge variant="light" color="indigo" size="sm" title="The POD this server serves">
                      current
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{pod.name}</Table.Td>
              <Table.Td>
                <ModeBadge mode={pod.mode} />
              </Table.Td>
              <Table.Td>
                {pod.aws_region ?? (
                  <Text c="dimmed" span size="sm">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{Object.keys(pod.feature_flags).length}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-sm"
                  color="red"
                  variant="subtle"
                  disabled={pod.is_current}
                  title={pod.is_current ? 'The POD this server serves cannot be deleted' : undefined}
                  onClick={() => onDelete(pod)}
                  aria-label={`Delete ${pod.pod_id}`}
                >
                  Delete
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DeletePodModal({ pod, onClose }: { pod: Pod | null; onClose(): void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: deletePod,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CONFIG_QUERY_KEY });
      onClose();
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal opened={pod !== null} onClose={close} title="Delete POD?" centered>
      <Stack gap="md">
        <Text size="sm">
          <strong>{pod?.pod_id}</strong> and all its parameters are deleted. Its audit history is kept.
        </Text>
        <FormProblem error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => pod && remove.mutate(pod.pod_id)}>
            Delete POD
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
