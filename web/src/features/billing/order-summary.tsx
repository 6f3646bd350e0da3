import { Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { Interval, Plan } from './billing.api';
import { annualTerms, formatPrice, INTERVAL_LABEL } from './billing-format';

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} ta="right" data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

/** What is being bought: plan, interval, price (annual: per-month equivalent and saving), markup. */
export function OrderSummary({ plan, interval }: { plan: Plan; interval: Interval }) {
  const annual = annualTerms(plan.monthly_price, plan.annual_price);
  const price = interval === 'month' ? plan.monthly_price : plan.annual_price;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="order-title">
      <Stack gap="sm">
        <Title order={2} fz="lg" id="order-title">
          Order summary
        </Title>
        <Row label="Plan" value={plan.name} testId="order-plan" />
        <Row label="Billing" value={INTERVAL_LABEL[interval]} testId="order-interval" />
        {interval === 'year' && (
          <Row
            label="Per month"
            value={`${formatPrice(annual.perMonth)}${annual.saving > 0 ? ` (save ${formatPrice(annual.saving)})` : ''}`}
          />
        )}
        <Row label="Markup on GPU prices" value={`${plan.markup_percent}%`} />
        <Divider />
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text fw={700}>Due today</Text>
          <Text fw={800} fz="xl" data-testid="order-total">
            {formatPrice(price)}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          Then {formatPrice(price)} every {interval}, until you cancel. GPU usage is billed monthly on top.
        </Text>
      </Stack>
    </Card>
  );
}
