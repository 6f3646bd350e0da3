import { Button, Container, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconList, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { LiveIndicator } from '../../lib/realtime';
import { formatTotal } from '../catalog/catalog-format';
import { ActivityList, ProviderHealthList, Section, Stat } from './dashboard.sections';
import { useDashboard } from './pods.api';
import { PodsList } from './pods-list';
import { QueryState } from './query-state';
import { useLivePods } from './use-live-pods';

const NO_PODS: readonly { id: string }[] = [];

/** `/dashboard`: pods, spend this month, provider health, active pods and what happened lately. */
export function DashboardPage() {
  usePageTitle('Dashboard');
  const dashboard = useDashboard();
  // The pods shown follow their `pod:<id>` channels: a status change shows without a reload.
  useLivePods((dashboard.data?.active_pods ?? NO_PODS).map((p) => p.id));
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={1} fz={{ base: 26, sm: 34 }}>
              Dashboard
            </Title>
            <LiveIndicator />
          </Group>
          <Group gap="xs" aria-label="Quick actions" role="group">
            <Button component={Link} to="/browse" leftSection={<IconSearch size={16} />}>
              Browse offers
            </Button>
            <Button component={Link} to="/pods" variant="default" leftSection={<IconList size={16} />}>
              My pods
            </Button>
          </Group>
        </Group>
        <QueryState
          query={dashboard}
          loadingLabel="Loading the dashboard"
          skeletons={[90, 240]}
          errorTitle="Could not load the dashboard"
        >
          {(data) => (
            <>
              <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
                <Stat label="Running pods" value={data.pods.running} testId="pods-running" />
                <Stat label="Active pods" value={data.pods.active} testId="pods-active" />
                <Stat label="All pods" value={data.pods.total} testId="pods-total" />
                <Stat
                  label="Spend this month"
                  value={formatTotal(data.spend.month_to_date)}
                  testId="spend-month-to-date"
                />
                <Stat
                  label="Projected this month"
                  value={formatTotal(data.spend.projected_month)}
                  testId="spend-projected"
                />
              </SimpleGrid>
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, md: 8 }}>
                  <Stack gap="lg">
                    <Section title="Active pods" id="active-pods-title">
                      {data.active_pods.length > 0 ? (
                        <PodsList pods={data.active_pods} label="Active pods" />
                      ) : (
                        <Text c="dimmed">No active pods.</Text>
                      )}
                    </Section>
                    <Section title="Recent activity" id="activity-title">
                      <ActivityList items={data.recent_activity} />
                    </Section>
                  </Stack>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Section title="Provider health" id="providers-title">
                    <ProviderHealthList providers={data.providers} />
                  </Section>
                </Grid.Col>
              </Grid>
            </>
          )}
        </QueryState>
      </Stack>
    </Container>
  );
}
