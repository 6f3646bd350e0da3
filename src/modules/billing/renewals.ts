import type { Clock } from '../../platform/clock/clock.js';
import type { BillingRepo } from './billing.repo.js';
import type { Invoicing } from './invoicing.service.js';
import type { PaymentGateway } from './payment-gateway.js';
import { addInterval } from './sandbox.gateway.js';
import { cardOf, type Subscriptions } from './subscriptions.service.js';

/**
 * What Stripe does on its own for LIVE subscriptions, done here for SANDBOX ones: at a period's
 * end, cancel (cancel at period end) or charge the next period; a failed charge makes the
 * subscription past due, its invoice is retried on the schedule, and once the retries are spent
 * it is unpaid (the user drops to FREE). A paid retry makes it active again.
 */
export function createRenewals(deps: {
  repo: BillingRepo;
  subscriptions: Subscriptions;
  invoicing: Invoicing;
  gateway(): PaymentGateway;
  clock: Clock;
  logger: { warn(o: object, m: string): void };
}) {
  const { repo, clock } = deps;
  return {
    async run(): Promise<{ renewed: number; canceled: number; retried: number }> {
      let renewed = 0;
      let canceled = 0;
      for (const sub of await repo.subscriptionsDue(clock.now())) {
        if (deps.gateway().renewsItself) continue;
        if (sub.cancelAtPeriodEnd || sub.status === 'unpaid') {
          await deps.subscriptions.sync(sub.id, { status: 'canceled' });
          canceled++;
          continue;
        }
        const start = sub.currentPeriodEnd;
        const end = addInterval(start, sub.interval);
        const card = sub.paymentMethodId ? await repo.card(sub.userId, sub.paymentMethodId) : undefined;
        const customer = await repo.customer(sub.userId);
        const line = {
          kind: 'subscription' as const,
          description: `${sub.plan === 'pro' ? 'Pro' : 'Enterprise'} plan renewal (${sub.interval === 'month' ? 'monthly' : 'annual'})`,
          pod_id: null,
          quantity: 1,
          unit: 'period' as const,
          amount_micros: sub.priceMicros,
        };
        const answer = await deps.gateway().createInvoice({
          customerId: customer?.customerId ?? sub.userId,
          card: card ? cardOf(card) : null,
          lines: [line],
          description: line.description,
          metadata: { subscription_id: sub.id },
          idempotencyKey: `renew-${sub.id}-${start.toISOString()}`,
        });
        await deps.invoicing.recordCharged({
          userId: sub.userId,
          subscriptionId: sub.id,
          kind: 'subscription',
          invoice: answer,
          lines: [line],
          period: { start, end },
        });
        await deps.subscriptions.sync(sub.id, {
          status: answer.status === 'paid' ? 'active' : 'past_due',
          currentPeriodStart: start,
          currentPeriodEnd: end,
        });
        renewed++;
      }
      const retried = await deps.invoicing.retryDue();
      // Past-due subscriptions follow their invoices: all paid → active; retries spent → unpaid.
      for (const sub of await repo.pastDueSubscriptions()) {
        const open = (await repo.unpaidInvoices(sub.userId)).filter((i) => i.subscriptionId === sub.id);
        if (open.length === 0) await deps.subscriptions.sync(sub.id, { status: 'active' });
        else if (open.every((i) => i.nextAttemptAt === null))
          await deps.subscriptions.sync(sub.id, { status: 'unpaid' });
      }
      return { renewed, canceled, retried };
    },
  };
}
