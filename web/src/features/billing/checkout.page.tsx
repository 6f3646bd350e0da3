import { Alert, Anchor, Button, Card, Container, Grid, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { usePageTitle } from '../../components/page-title';
import { refreshSession, useAuth } from '../../lib/auth';
import { FormProblem } from '../auth/form-problem';
import { QueryState } from '../pods/query-state';
import {
  BILLING_QUERY_KEY,
  type Interval,
  type PaidPlanId,
  type SubscribeInput,
  subscribe,
  usePlans,
  useSubscription,
} from './billing.api';
import { formatDate, INTERVAL_LABEL, PLAN_LABEL, parseInterval, parsePaidPlan } from './billing-format';
import { OrderSummary } from './order-summary';
import { PaymentMethodPicker } from './payment-method-picker';

/**
 * One Idempotency-Key per attempt: the same plan, interval and card sent again (a double click, a
 * retry after a lost answer) reuses it, so the server replays its first answer instead of charging
 * twice; anything else is a new attempt with a new key.
 */
function useAttemptKey() {
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  return (body: SubscribeInput) => {
    const signature = JSON.stringify([body.plan, body.interval, body.payment_method_id]);
    if (attempt.current?.signature !== signature) attempt.current = { signature, key: crypto.randomUUID() };
    return attempt.current.key;
  };
}

function useSubscribe() {
  const queryClient = useQueryClient();
  const { setUser } = useAuth();
  const keyFor = useAttemptKey();
  return useMutation({
    mutationFn: (body: SubscribeInput) => subscribe(body, keyFor(body)),
    onSuccess: async () => {
      // The plan change ended the old access token (it carries the plan): a new pair first, so no
      // call meets a 401, then the header shows the new plan and the billing queries re-read.
      try {
        await refreshSession();
        setUser(await unwrap(api.GET('/api/v2/me')));
      } catch {
        // Best effort: the subscription stands; the session catches up at its next refresh.
      }
      await queryClient.invalidateQueries({ queryKey: BILLING_QUERY_KEY });
    },
  });
}

function CheckoutForm({ plan, interval }: { plan: PaidPlanId; interval: Interval }) {
  const plans = usePlans();
  const current = useSubscription();
  const [cardId, setCardId] = useState<string | null>(null);
  const purchase = useSubscribe();

  if (purchase.isSuccess) {
    const sub = purchase.data.subscription;
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck />}
        title={`You are on ${PLAN_LABEL[sub.plan]}`}
      >
        <Stack gap="xs" data-testid="checkout-success">
          <Text size="sm">
            {INTERVAL_LABEL[sub.interval]} subscription, {sub.status}; it renews on{' '}
            {formatDate(sub.current_period_end)}. The receipt is on your billing page.
          </Text>
          <Anchor component={Link} to="/billing" fw={600}>
            Go to billing
          </Anchor>
        </Stack>
      </Alert>
    );
  }

  return (
    <QueryState
      query={plans}
      loadingLabel="Loading the order"
      skeletons={[160, 240]}
      errorTitle="Could not load the plan"
    >
      {(data) => {
        const chosen = data.items.find((p) => p.id === plan);
        if (!chosen?.purchasable)
          return (
            <Alert color="yellow" variant="light" title="This plan cannot be bought right now">
              <Anchor component={Link} to="/plans">
                Back to plans
              </Anchor>
            </Alert>
          );
        const onIt = current.data?.plan === plan && current.data.subscription?.interval === interval;
        return (
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <OrderSummary plan={chosen} interval={interval} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Card withBorder padding="lg" component="section" aria-labelledby="payment-title">
                <Stack gap="md">
                  <Title order={2} fz="lg" id="payment-title">
                    Payment
                  </Title>
                  {onIt ? (
                    <Text>
                      You are already on {PLAN_LABEL[plan]}, billed {INTERVAL_LABEL[interval].toLowerCase()}.{' '}
                      <Anchor component={Link} to="/billing">
                        Manage it on your billing page
                      </Anchor>
                      .
                    </Text>
                  ) : (
                    <>
                      <PaymentMethodPicker value={cardId} onChange={setCardId} />
                      <FormProblem error={purchase.error} title="The payment did not go through" />
                      <Button
                        size="md"
                        disabled={!cardId}
                        loading={purchase.isPending}
                        onClick={() =>
                          cardId && purchase.mutate({ plan, interval, payment_method_id: cardId })
                        }
                      >
                        Subscribe
                      </Button>
                      {!cardId && (
                        <Text size="xs" c="dimmed">
                          Add or pick a card to subscribe.
                        </Text>
                      )}
                    </>
                  )}
                </Stack>
              </Card>
            </Grid.Col>
          </Grid>
        );
      }}
    </QueryState>
  );
}

/** `/billing/checkout?plan=&interval=`: the order, the card to pay with, and Subscribe. */
export function CheckoutPage() {
  usePageTitle('Checkout');
  const [params] = useSearchParams();
  const plan = parsePaidPlan(params.get('plan'));
  const interval = parseInterval(params.get('interval')) ?? 'month';
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Title order={1} fz={{ base: 26, sm: 34 }}>
          Checkout
        </Title>
        {plan ? (
          <CheckoutForm plan={plan} interval={interval} />
        ) : (
          <Alert color="yellow" variant="light" title="No plan chosen">
            Pick PRO or ENTERPRISE on the{' '}
            <Anchor component={Link} to="/plans">
              plans page
            </Anchor>{' '}
            first.
          </Alert>
        )}
      </Stack>
    </Container>
  );
}
