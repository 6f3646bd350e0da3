import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from 'react-router';
import { formatPricePerHour } from '../catalog/catalog-format';
import { PodStatusBadge } from './pod-status';
import type { Pod } from './pods.api';
import { formatDateTime } from './pods-format';

const podPath = (pod: Pod) => `/pods/${encodeURIComponent(pod.id)}`;

/** Pods as a table on wide screens and as cards on phones (like the offers), each linking to its page. */
export function PodsList({ pods, label }: { pods: readonly Pod[]; label: string }) {
  const wide = useMediaQuery('(min-width: 48em)', undefined, { getInitialValueInEffect: false });
  if (!wide) {
    return (
      <SimpleGrid
        component="ul"
        cols={1}
        spacing="sm"
        m={0}
        p={0}
        aria-label={label}
        style={{ listStyle: 'none' }}
      >
        {pods.map((pod) => (
          <Card key={pod.id} component="li" withBorder padding="sm" data-pod-id={pod.id}>
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={podPath(pod)} fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {pod.name}
                </Anchor>
                <PodStatusBadge status={pod.status} size="sm" />
              </Group>
              <Text size="sm" c="dimmed">
                {pod.gpu_count}× {pod.gpu_model} · {pod.provider} · {formatPricePerHour(pod.price_per_hour)}
              </Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={label} highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>GPU</Table.Th>
            <Table.Th>Provider</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pods.map((pod) => (
            <Table.Tr key={pod.id} data-pod-id={pod.id}>
              <Table.Td>
                <Anchor component={Link} to={podPath(pod)} fw={500}>
                  {pod.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <PodStatusBadge status={pod.status} size="sm" />
              </Table.Td>
              <Table.Td>
                {pod.gpu_count}× {pod.gpu_model}
              </Table.Td>
              <Table.Td>{pod.provider}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatPricePerHour(pod.price_per_hour)}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {formatDateTime(pod.created_at)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
