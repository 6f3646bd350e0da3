import { Alert, Button, Container, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconSparkles } from '@tabler/icons-react';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { useAuth } from '../../lib/auth';
import { Section, Stat } from '../pods/dashboard.sections';
import { QueryState } from '../pods/query-state';
import { type Summary, useSummary } from './billing.api';
import { BarChart, DailySpendChart } from './billing.charts';
import { formatDateTime, formatMoney, formatPeriod, formatRate } from './billing-format';
import { InvoicesSection } from './invoices.section';
import { PaymentMethodsSection } from './payment-methods.section';
import { SpendCapSection } from './spend-cap.section';
import { SubscriptionSection } from './subscription.section';
import { UsageSection } from './usage.section';

/** A failed payment: since when, from when deploys stop, and where to pay. */
function PaymentBanner({ payment }: { payment: Summary['payment'] }) {
  if (!payment.overdue_since) return null;
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle />} title="Payment overdue">
      <Stack gap="xs">
        <Text size="sm">
          A payment failed on {formatDateTime(payment.overdue_since)} UTC.
          {payment.deploys_blocked_from &&
            ` New deploys are blocked from ${formatDateTime(payment.deploys_blocked_from)} UTC until it is paid.`}{' '}
          {payment.open_invoices > 0 &&
            `${payment.open_invoices} open invoice${payment.open_invoices === 1 ? '' : 's'}: use Pay now below (check your card first).`}
        </Text>
        <Group>
          <Button component="a" href="#invoices-title" size="compact-sm" color="red">
            Pay now
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** The plan picked at sign-up (the plans page carried it) and not bought yet: one click to checkout. */
function RequestedPlanBanner({ plan }: { plan: Summary['plan'] }) {
  const { user } = useAuth();
  const requested = user?.requested_plan;
  if (!requested || requested === 'free' || plan !== 'free') return null;
  const name = requested === 'pro' ? 'Pro' : 'Enterprise';
  return (
    <Alert color="blue" variant="light" icon={<IconSparkles />} title={`Finish upgrading to ${name}`}>
      <Group justify="space-between" gap="sm">
        <Text size="sm">You chose {name} when you signed up; add a card to start it.</Text>
        <Button component={Link} to={`/billing/checkout?plan=${requested}&interval=month`} size="compact-sm">
          Continue to checkout
        </Button>
      </Group>
    </Alert>
  );
}

function Breakdown({ summary }: { summary: Summary }) {
  const { by_pod, by_provider, by_gpu, by_day } = summary.breakdown;
  const charts = [
    {
      heading: 'By pod',
      title: 'Cost by pod',
      testId: 'chart-by-pod',
      data: by_pod.map((b) => ({ key: b.pod_id, label: b.pod_name, amount: b.amount })),
    },
    {
      heading: 'By provider',
      title: 'Cost by provider',
      testId: 'chart-by-provider',
      data: by_provider.map((b) => ({ key: b.provider, label: b.provider, amount: b.amount })),
    },
    {
      heading: 'By GPU',
      title: 'Cost by GPU',
      testId: 'chart-by-gpu',
      data: by_gpu.map((b) => ({ key: b.gpu_model, label: b.gpu_model, amount: b.amount })),
    },
  ];
  return (
    <Section title="Where the money goes" id="breakdown-title">
      <Stack gap="lg">
        <Stack gap={6}>
          <Text fw={600} size="sm">
            Spend per day, {formatPeriod(summary.period.start, summary.period.end)}
          </Text>
          <DailySpendChart days={by_day} periodStart={summary.period.start} periodEnd={summary.period.end} />
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          {charts.map((chart) => (
            <Stack gap={6} key={chart.testId}>
              <Text fw={600} size="sm">
                {chart.heading}
              </Text>
              <BarChart title={chart.title} testId={chart.testId} data={chart.data} />
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Section>
  );
}

/** `/billing`: spend, plan and subscription, cap, breakdowns, usage, invoices and cards. */
export function BillingPage() {
  usePageTitle('Billing');
  const summary = useSummary();
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Title order={1} fz={{ base: 26, sm: 34 }}>
          Billing
        </Title>
        <QueryState
          query={summary}
          loadingLabel="Loading billing"
          skeletons={[90, 200, 240]}
          errorTitle="Could not load billing"
        >
          {(data) => (
            <>
              <PaymentBanner payment={data.payment} />
              <RequestedPlanBanner plan={data.plan} />
              <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
                <Stat label="Spend this month" value={formatMoney(data.month_to_date)} testId="billing-mtd" />
                <Stat
                  label="Projected this month"
                  value={formatMoney(data.projected_month)}
                  testId="billing-projected"
                />
                <Stat label="Current rate" value={formatRate(data.hourly_rate)} testId="billing-hourly" />
              </SimpleGrid>
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <SubscriptionSection summary={data} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <SpendCapSection summary={data} />
                </Grid.Col>
              </Grid>
              <Breakdown summary={data} />
              <UsageSection />
              <InvoicesSection />
              <PaymentMethodsSection />
            </>
          )}
        </QueryState>
      </Stack>
    </Container>
  );
}
