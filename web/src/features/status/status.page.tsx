import { ActionIcon, Container, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { usePageTitle } from '../../components/page-title';
import { CheckCard } from './check-card';
import { STATUS_REFRESH_MS, useLiveness, useReadiness } from './status.queries';
import { StatusSummary } from './status-summary';

/** What each readiness check guards, for people who do not know the check names. */
const CHECK_DESCRIPTIONS: Record<string, string> = {
  database: 'Readiness: the database answers queries',
  cache: 'Readiness: the cache answers',
  pubsub: 'Readiness: the pub/sub bus answers',
  events: 'Readiness: the event bus accepts messages',
  jobs: 'Readiness: the job queue answers',
};

function formatTime(epochMs: number): string {
  return epochMs > 0 ? new Date(epochMs).toLocaleTimeString() : '—';
}

/** Platform status: liveness and every readiness check of this instance, refreshed every 10 s. */
export function StatusPage() {
  usePageTitle('Platform status');
  const liveness = useLiveness();
  const readiness = useReadiness();
  const fetching = liveness.isFetching || readiness.isFetching;
  const checkedAt = Math.max(
    liveness.dataUpdatedAt,
    liveness.errorUpdatedAt,
    readiness.dataUpdatedAt,
    readiness.errorUpdatedAt,
  );
  const refresh = () => {
    void liveness.refetch();
    void readiness.refetch();
  };
  const checks = Object.entries(readiness.data?.checks ?? {});

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={1} fz={{ base: 28, sm: 34 }}>
              Platform status
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              Live checks of this instance, every {STATUS_REFRESH_MS / 1000} seconds. Last checked{' '}
              <time dateTime={checkedAt > 0 ? new Date(checkedAt).toISOString() : undefined}>
                {formatTime(checkedAt)}
              </time>
              .
            </Text>
          </div>
          <Tooltip label="Check now">
            <ActionIcon
              variant="default"
              size="lg"
              onClick={refresh}
              loading={fetching}
              aria-label="Check now"
            >
              <IconRefresh size={18} stroke={1.75} />
            </ActionIcon>
          </Tooltip>
        </Group>

        <StatusSummary
          loading={liveness.isPending || readiness.isPending}
          error={liveness.error ?? readiness.error}
          readiness={readiness.data}
          onRetry={refresh}
        />

        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <CheckCard
            id="check-api"
            name="API"
            description="Liveness: the server answers HTTP"
            state={liveness.data ? 'up' : liveness.isError ? 'down' : 'unknown'}
            metric={liveness.data ? `Round trip ${liveness.data.roundTripMs} ms` : undefined}
            error={liveness.error?.message}
          />
          {checks.map(([name, check]) => (
            <CheckCard
              key={name}
              id={`check-${name}`}
              name={name}
              description={CHECK_DESCRIPTIONS[name] ?? 'Readiness: a dependency answers'}
              state={check.status}
              metric={`Latency ${check.latency_ms} ms`}
              error={check.error}
            />
          ))}
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
