import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from 'react-router';
import { FormProblem } from '../auth/form-problem';
import { Section } from '../pods/dashboard.sections';
import { type Summary, useSetCancel } from './billing.api';
import {
  formatDate,
  formatPrice,
  INTERVAL_LABEL,
  PLAN_LABEL,
  SUBSCRIPTION_STATUS_COLOR,
  statusLabel,
} from './billing-format';

/** The plan, its subscription (status, renewal or end), and the ways to change or end it. */
export function SubscriptionSection({ summary }: { summary: Summary }) {
  const sub = summary.subscription;
  const setCancel = useSetCancel();
  const [confirming, confirm] = useDisclosure(false);
  const cancelling = sub?.cancel_at_period_end ?? false;
  const endDate = sub ? formatDate(sub.current_period_end) : '';

  return (
    <Section title="Plan" id="plan-title">
      <Stack gap="sm">
        <Group gap="xs">
          <Badge size="lg" variant="filled" data-testid="billing-plan">
            {PLAN_LABEL[summary.plan]}
          </Badge>
          {sub && (
            <Badge
              variant="light"
              color={SUBSCRIPTION_STATUS_COLOR[sub.status] ?? 'gray'}
              data-testid="subscription-status"
            >
              {statusLabel(sub.status)}
            </Badge>
          )}
        </Group>
        {sub ? (
          <Text size="sm">
            {INTERVAL_LABEL[sub.interval]}, {formatPrice(sub.price)} per {sub.interval}.{' '}
            {cancelling ? (
              <Text span fw={600} c="orange">
                Cancels on {endDate}
              </Text>
            ) : (
              <>Renews on {endDate}.</>
            )}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No subscription: you pay only for GPU usage, at the FREE plan's markup.
          </Text>
        )}
        <FormProblem error={setCancel.error} />
        <Group gap="xs">
          <Button component={Link} to="/plans" variant="light">
            {sub ? 'Change plan' : 'Upgrade'}
          </Button>
          {sub && sub.status !== 'canceled' && (
            <Button
              variant={cancelling ? 'filled' : 'default'}
              color={cancelling ? undefined : 'red'}
              onClick={confirm.open}
            >
              {cancelling ? 'Keep subscription' : 'Cancel at period end'}
            </Button>
          )}
        </Group>
      </Stack>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={cancelling ? 'Keep your subscription?' : 'Cancel at the end of the period?'}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            {cancelling
              ? `Your ${sub ? PLAN_LABEL[sub.plan] : ''} plan will renew on ${endDate}.`
              : `You keep ${sub ? PLAN_LABEL[sub.plan] : ''} until ${endDate}; then your account moves to FREE and nothing more is charged for the plan.`}
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={confirm.close}>
              Back
            </Button>
            <Button
              color={cancelling ? undefined : 'red'}
              loading={setCancel.isPending}
              onClick={() => setCancel.mutate(!cancelling, { onSuccess: confirm.close })}
            >
              {cancelling ? 'Keep subscription' : 'Cancel subscription'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}
