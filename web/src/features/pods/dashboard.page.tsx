import { Button, Container, Grid, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconList, IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { FormProblem } from '../auth/form-problem';
import { formatTotal } from '../catalog/catalog-format';
import { ActivityList, ProviderHealthList, Section, Stat } from './dashboard.sections';
import { useDashboard } from './pods.api';
import { PodsList } from './pods-list';

/** `/dashboard`: pods, spend this month, provider health, active pods and what happened lately. */
export function DashboardPage() {
  usePageTitle('Dashboard');
  const dashboard = useDashboard();
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Group justify="space-between">
          <Title order={1} fz={{ base: 26, sm: 34 }}>
            Dashboard
          </Title>
          <Group gap="xs" aria-label="Quick actions" role="group">
            <Button component={Link} to="/browse" leftSection={<IconSearch size={16} />}>
              Browse offers
            </Button>
            <Button component={Link} to="/pods" variant="default" leftSection={<IconList size={16} />}>
              My pods
            </Button>
          </Group>
        </Group>
        {dashboard.isPending ? (
          <Stack gap="md" role="status" aria-label="Loading the dashboard">
            <Skeleton height={90} />
            <Skeleton height={240} />
          </Stack>
        ) : dashboard.isError ? (
          <FormProblem error={dashboard.error} title="Could not load the dashboard" />
        ) : (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
              <Stat label="Running pods" value={dashboard.data.pods.running} testId="pods-running" />
              <Stat label="Active pods" value={dashboard.data.pods.active} testId="pods-active" />
              <Stat label="All pods" value={dashboard.data.pods.total} testId="pods-total" />
              <Stat
                label="Spend this month"
                value={formatTotal(dashboard.data.spend.month_to_date)}
                testId="spend-month-to-date"
              />
              <Stat
                label="Projected this month"
                value={formatTotal(dashboard.data.spend.projected_month)}
                testId="spend-projected"
              />
            </SimpleGrid>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 8 }}>
                <Stack gap="lg">
                  <Section title="Active pods" id="active-pods-title">
                    {dashboard.data.active_pods.length > 0 ? (
                      <PodsList pods={dashboard.data.active_pods} label="Active pods" />
                    ) : (
                      <Text c="dimmed">No active pods.</Text>
                    )}
                  </Section>
                  <Section title="Recent activity" id="activity-title">
                    <ActivityList items={dashboard.data.recent_activity} />
                  </Section>
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Section title="Provider health" id="providers-title">
                  <ProviderHealthList providers={dashboard.data.providers} />
                </Section>
              </Grid.Col>
            </Grid>
          </>
        )}
      </Stack>
    </Container>
  );
}
