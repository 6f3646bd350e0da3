import { Badge, Container, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { usePageTitle } from '../../components/page-title';
import { useAuth } from '../../lib/auth';
import { QueryState } from '../pods/query-state';
import { type Interval, usePlans, useSubscription } from './billing.api';
import { INTERVAL_LABEL } from './billing-format';
import { PlanCard } from './plan-card';

/** `/plans` (public): FREE, PRO and ENTERPRISE side by side, monthly or annual. */
export function PlansPage() {
  usePageTitle('Plans');
  const { user } = useAuth();
  const plans = usePlans();
  const subscription = useSubscription(Boolean(user));
  const [interval, setInterval] = useState<Interval>('month');
  const current =
    user && subscription.data
      ? { plan: subscription.data.plan, interval: subscription.data.subscription?.interval ?? null }
      : null;

  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Stack gap={4}>
          <Title order={1} fz={{ base: 26, sm: 34 }}>
            Plans
          </Title>
          <Text c="dimmed">
            Every plan reaches every provider. Paid plans lower the markup on GPU prices and raise the limits.
          </Text>
        </Stack>
        <Group justify="space-between" gap="sm">
          <SegmentedControl
            aria-label="Billing interval"
            value={interval}
            onChange={(value) => setInterval(value === 'year' ? 'year' : 'month')}
            data={[
              { value: 'month', label: INTERVAL_LABEL.month },
              { value: 'year', label: INTERVAL_LABEL.year },
            ]}
          />
          {plans.data?.mode === 'sandbox' && (
            <Badge variant="light" color="yellow">
              Sandbox: test cards only, no money moves
            </Badge>
          )}
        </Group>
        <QueryState
          query={plans}
          loadingLabel="Loading plans"
          skeletons={[420]}
          errorTitle="Could not load plans"
        >
          {(data) =>
            data.items.length === 0 ? (
              <Text c="dimmed">No plans are offered right now.</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
                {data.items.map((plan) => (
                  <PlanCard
                    key={plan.id}
                    plan={plan}
                    interval={interval}
                    current={current}
                    signedIn={Boolean(user)}
                  />
                ))}
              </SimpleGrid>
            )
          }
        </QueryState>
      </Stack>
    </Container>
  );
}
