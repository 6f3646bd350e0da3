import { Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Interval, Plan, PlanId } from './billing.api';
import { annualTerms, formatPrice } from './billing-format';

export interface PlanCardProps {
  plan: Plan;
  interval: Interval;
  /** Null when signed out (or not known yet). */
  current: { plan: PlanId; interval: Interval | null } | null;
  signedIn: boolean;
}

type Action =
  | { kind: 'link'; to: string; label: string }
  | { kind: 'disabled'; label: string; reason?: string };

/** What "Choose" does for this visitor: sign up, check out, or nothing to buy. */
function actionFor({ plan, interval, current, signedIn }: PlanCardProps): Action {
  const choose = `Choose ${plan.name}`;
  if (!signedIn) return { kind: 'link', to: `/register?plan=${plan.id}`, label: choose };
  if (current?.plan === plan.id && (plan.id === 'free' || current.interval === interval))
    return { kind: 'disabled', label: 'Current plan' };
  if (plan.id === 'free')
    return current
      ? { kind: 'link', to: '/billing', label: 'Manage in Billing' }
      : { kind: 'disabled', label: 'Free' };
  if (!plan.purchasable)
    return { kind: 'disabled', label: choose, reason: 'Not available for purchase right now.' };
  return {
    kind: 'link',
    to: `/billing/checkout?plan=${plan.id}&interval=${interval}`,
    label: current?.plan === plan.id ? `Switch to ${interval === 'year' ? 'annual' : 'monthly'}` : choose,
  };
}

function Price({ plan, interval }: { plan: Plan; interval: Interval }) {
  if (plan.monthly_price === 0 && plan.annual_price === 0)
    return (
      <Text fz={32} fw={800} lh={1.1} data-testid={`price-${plan.id}`}>
        $0
        <Text span size="sm" c="dimmed" fw={400}>
          {' '}
          forever
        </Text>
      </Text>
    );
  if (interval === 'month')
    return (
      <Text fz={32} fw={800} lh={1.1} data-testid={`price-${plan.id}`}>
        {formatPrice(plan.monthly_price)}
        <Text span size="sm" c="dimmed" fw={400}>
          {' '}
          / month
        </Text>
      </Text>
    );
  const { perMonth, saving, savingPercent } = annualTerms(plan.monthly_price, plan.annual_price);
  return (
    <Stack gap={2}>
      <Text fz={32} fw={800} lh={1.1} data-testid={`price-${plan.id}`}>
        {formatPrice(perMonth)}
        <Text span size="sm" c="dimmed" fw={400}>
          {' '}
          / month, billed annually
        </Text>
      </Text>
      <Text size="sm" c="dimmed">
        {formatPrice(plan.annual_price)} per year
        {saving > 0 && (
          <Text span c="teal" fw={600} data-testid={`saving-${plan.id}`}>
            {' '}
            · save {formatPrice(saving)} ({savingPercent}%)
          </Text>
        )}
      </Text>
    </Stack>
  );
}

/** One plan: price for the chosen interval, markup, features, limits and the way to choose it. */
export function PlanCard(props: PlanCardProps) {
  const { plan, interval, current } = props;
  const action = actionFor(props);
  const isCurrent = current?.plan === plan.id;
  const titleId = `plan-${plan.id}-title`;
  const limits: [string, string][] = [
    ['Running pods', String(plan.limits.max_running_pods)],
    ['API keys', String(plan.limits.api_keys)],
    ['Seats', String(plan.limits.seats)],
    ['Spot instances', plan.limits.spot_access ? 'Yes' : 'No'],
  ];
  return (
    <Card
      withBorder
      padding="lg"
      component="article"
      aria-labelledby={titleId}
      data-plan={plan.id}
      data-current={isCurrent || undefined}
      style={isCurrent ? { borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 } : undefined}
    >
      <Stack gap="md" h="100%">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="xl" id={titleId}>
            {plan.name}
          </Title>
          {isCurrent && <Badge variant="filled">Your plan</Badge>}
        </Group>
        <Price plan={plan} interval={interval} />
        <Text size="sm">
          <Text span fw={700} data-testid={`markup-${plan.id}`}>
            {plan.markup_percent}%
          </Text>{' '}
          markup on provider prices
        </Text>
        <List
          spacing={4}
          size="sm"
          icon={<IconCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />}
          aria-label={`${plan.name} features`}
        >
          {plan.features.map((f) => (
            <List.Item key={f}>{f}</List.Item>
          ))}
        </List>
        <Table aria-label={`${plan.name} limits`} withRowBorders={false} verticalSpacing={2} fz="sm">
          <Table.Tbody>
            {limits.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th fw={400} c="dimmed" scope="row" pl={0}>
                  {label}
                </Table.Th>
                <Table.Td ta="right" fw={600} pr={0}>
                  {value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Stack gap={4} mt="auto">
          {action.kind === 'link' ? (
            <Button
              component={Link}
              to={action.to}
              fullWidth
              variant={plan.id === 'pro' ? 'filled' : 'light'}
            >
              {action.label}
            </Button>
          ) : (
            <Button disabled fullWidth variant="light">
              {action.label}
            </Button>
          )}
          {action.kind === 'disabled' && action.reason && (
            <Text size="xs" c="dimmed" ta="center">
              {action.reason}
            </Text>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
