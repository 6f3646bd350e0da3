import { Anchor, Card, Container, Grid, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { NotFoundPage } from '../../components/not-found.page';
import { usePageTitle } from '../../components/page-title';
import { hasCode } from '../auth/form-problem';
import { useProviderIndex } from '../catalog/catalog.api';
import { formatGb, formatPricePerHour } from '../catalog/catalog-format';
import { ConnectionDetails } from './connection-details';
import { PodActions } from './pod-actions';
import { PodStatusBadge, StatusTimeline } from './pod-status';
import { BOOTING, type Pod, usePod } from './pods.api';
import { formatDateTime, formatPorts, STATUS_HINT } from './pods-format';
import { QueryState } from './query-state';
import { useLivePods } from './use-live-pods';

/** `/pods/:id`: status (re-read every 2 s while it boots), connection, what it runs on, actions. */
export function PodDetailPage() {
  const { id = '' } = useParams();
  const pod = usePod(id);
  // Status changes arrive over the real-time connection (the 2 s re-read while booting stays).
  useLivePods(pod.data ? [pod.data.id] : []);
  usePageTitle(pod.data?.name ?? 'Pod');
  if (pod.isError && hasCode(pod.error, 'not_found')) return <NotFoundPage />;
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Anchor component={Link} to="/pods" size="sm" w="fit-content">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            My pods
          </Group>
        </Anchor>
        <QueryState
          query={pod}
          loadingLabel="Loading the pod"
          skeletons={[40, 200]}
          errorTitle="Could not load the pod"
        >
          {(data) => <PodDetail pod={data} />}
        </QueryState>
      </Stack>
    </Container>
  );
}

function PodDetail({ pod }: { pod: Pod }) {
  const providers = useProviderIndex();
  const booting = BOOTING.includes(pod.status);
  const facts: [string, string][] = [
    ['GPU', `${pod.gpu_count}× ${pod.gpu_model}`],
    ['Provider', providers.get(pod.provider)?.name ?? pod.provider],
    ['Region', pod.region],
    ['Price', formatPricePerHour(pod.price_per_hour)],
    ["Provider's price", formatPricePerHour(pod.offer.price_per_hour)],
    ['Storage', formatGb(pod.storage_gb)],
    ['Image', pod.image],
    ['Ports', formatPorts(pod.ports)],
    ['Mode', pod.mode],
    ['Created', formatDateTime(pod.created_at)],
  ];
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap="sm" wrap="wrap">
          <Title order={1} fz={{ base: 26, sm: 34 }} style={{ overflowWrap: 'anywhere' }}>
            {pod.name}
          </Title>
          <PodStatusBadge status={pod.status} size="lg" />
          {booting && <Loader size="xs" aria-label="Waiting for the pod" />}
        </Group>
        <Text c="dimmed" size="sm" data-testid="pod-status-hint">
          {pod.status === 'failed' && pod.status_detail
            ? `${STATUS_HINT.failed} ${pod.status_detail}`
            : STATUS_HINT[pod.status]}
        </Text>
        <PodActions pod={pod} />
      </Stack>

      {pod.status === 'running' && pod.connection && (
        <Card withBorder padding="lg" component="section" aria-labelledby="connection-title">
          <Title id="connection-title" order={2} fz="lg" mb="sm">
            Connection
          </Title>
          <ConnectionDetails connection={pod.connection} />
        </Card>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder padding="lg" component="section" aria-labelledby="pod-facts-title">
            <Title id="pod-facts-title" order={2} fz="lg" mb="sm">
              Details
            </Title>
            <Table aria-label="Pod details" verticalSpacing={6} fz="sm">
              <Table.Tbody>
                {facts.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w="35%" fw={500} c="dimmed">
                      {label}
                    </Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed" mt="sm">
              Offer{' '}
              <Anchor component={Link} to={`/offers/${encodeURIComponent(pod.offer.id)}`} size="xs">
                {pod.offer.gpu_count}× {pod.offer.gpu_model} on {pod.offer.provider}
              </Anchor>
              {pod.attempts > 1 ? ` · ${pod.attempts} offers tried (fail-over)` : ''}
            </Text>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="lg" component="section" aria-labelledby="history-title">
            <Title id="history-title" order={2} fz="lg" mb="md">
              Status history
            </Title>
            <StatusTimeline history={pod.status_history} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
