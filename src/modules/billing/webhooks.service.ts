import { eq } from 'drizzle-orm';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import type { BillingRepo } from './billing.repo.js';
import { billingCustomers, processedEvents, type SubscriptionStatus } from './billing.tables.js';
import type { Invoicing } from './invoicing.service.js';
import type { GatewayInvoice } from './payment-gateway.js';
import type { PlansService } from './plans.service.js';
import type { Subscriptions } from './subscriptions.service.js';

/** The parts of a Stripe event we read (the SDK's `Stripe.Event`, loosely typed). */
export interface StripeEventLike {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

const STATUS: Record<string, SubscriptionStatus> = {
  active: 'active',
  trialing: 'active',
  past_due: 'past_due',
  unpaid: 'unpaid',
  canceled: 'canceled',
  incomplete: 'incomplete',
  incomplete_expired: 'canceled',
  paused: 'past_due',
};

const str = (v: unknown): string | null =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && 'id' in v
      ? String((v as { id: unknown }).id)
      : null;
const date = (v: unknown): Date | null => (typeof v === 'number' ? new Date(v * 1_000) : null);

function invoiceAnswer(o: Record<string, unknown>, status: GatewayInvoice['status']): GatewayInvoice {
  const lastError = o.last_finalization_error as { message?: string } | null | undefined;
  return {
    externalId: String(o.id),
    status,
    totalCents: typeof o.total === 'number' ? o.total : 0,
    hostedUrl: typeof o.hosted_invoice_url === 'string' ? o.hosted_invoice_url : null,
    failureMessage: status === 'paid' ? null : (lastError?.message ?? 'The card was declined.'),
  };
}

/** The subscription an invoice belongs to: `subscription` (older API versions) or `parent.subscription_details`. */
function subscriptionOfInvoice(o: Record<string, unknown>): string | null {
  const parent = o.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
  return str(o.subscription) ?? str(parent?.subscription_details?.subscription);
}

/**
 * Stripe webhook events, each handled once: the event id is claimed before handling and released
 * if handling fails (Stripe sends it again). Unknown event types are acknowledged and ignored.
 */
export function createWebhooks(deps: {
  database: Pick<Database, 'transaction' | 'db'>;
  repo: BillingRepo;
  subscriptions: Subscriptions;
  invoicing: Invoicing;
  plans: PlansService;
  clock: Clock;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
}) {
  const db = deps.database.db;

  async function userOfCustomer(customerId: string | null): Promise<string | null> {
    if (!customerId) return null;
    const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.customerId, customerId));
    return row?.userId ?? null;
  }

  async function onInvoice(o: Record<string, unknown>, status: GatewayInvoice['status']) {
    const answer = invoiceAnswer(o, status);
    if (await deps.invoicing.settleExternal(answer.externalId, answer)) return;
    // An invoice Stripe made on its own (a renewal): recorded when it belongs to one of our subscriptions.
    const subId = subscriptionOfInvoice(o);
    const sub = subId ? await deps.repo.subscription(subId) : undefined;
    if (!sub) return;
    // A renewal invoice's own period_start/end look back at the period before; the line carries the new one.
    const line = (o.lines as { data?: Array<{ period?: { start?: unknown; end?: unknown } }> } | undefined)
      ?.data?.[0];
    const start = date(line?.period?.start) ?? sub.currentPeriodStart;
    const end = date(line?.period?.end) ?? sub.currentPeriodEnd;
    await deps.invoicing.recordCharged({
      userId: sub.userId,
      subscriptionId: sub.id,
      kind: 'subscription',
      invoice: answer,
      lines: [
        {
          kind: 'subscription',
          description: `${sub.plan} plan renewal`,
          pod_id: null,
          quantity: 1,
          unit: 'period',
          amount_micros: answer.totalCents * 10_000,
        },
      ],
      period: { start, end },
    });
  }

  async function onSubscription(o: Record<string, unknown>, deleted: boolean) {
    const id = String(o.id);
    if (!(await deps.repo.subscription(id))) return;
    const item = (o.items as { data?: Array<Record<string, unknown>> } | undefined)?.data?.[0];
    const start = date(o.current_period_start) ?? date(item?.current_period_start);
    const end = date(o.current_period_end) ?? date(item?.current_period_end);
    await deps.subscriptions.sync(id, {
      status: deleted ? 'canceled' : (STATUS[String(o.status)] ?? 'past_due'),
      ...(start ? { currentPeriodStart: start } : {}),
      ...(end ? { currentPeriodEnd: end } : {}),
      cancelAtPeriodEnd: o.cancel_at_period_end === true,
    });
  }

  async function handle(event: StripeEventLike) {
    const o = event.data.object;
    switch (event.type) {
      case 'setup_intent.succeeded': {
        const userId = await userOfCustomer(str(o.customer));
        const pm = str(o.payment_method);
        if (userId && pm) await deps.subscriptions.addCard(userId, { paymentMethodId: pm });
        return;
      }
      case 'invoice.paid':
        return onInvoice(o, 'paid');
      case 'invoice.payment_failed':
        return onInvoice(o, 'open');
      case 'customer.subscription.updated':
        return onSubscription(o, false);
      case 'customer.subscription.deleted':
        return onSubscription(o, true);
      default:
        if (event.type.startsWith('product.') || event.type.startsWith('price.'))
          await deps.plans.invalidate();
    }
  }

  return {
    /** Returns false for an event already processed (a replay). */
    async process(event: StripeEventLike): Promise<boolean> {
      const claimed = await db
        .insert(processedEvents)
        .values({ eventId: event.id, source: 'stripe', type: event.type, processedAt: deps.clock.now() })
        .onConflictDoNothing()
        .returning({ id: processedEvents.eventId });
      if (claimed.length === 0) return false;
      try {
        await handle(event);
      } catch (err) {
        await db.delete(processedEvents).where(eq(processedEvents.eventId, event.id));
        throw err;
      }
      deps.logger.info({ stripe_event: event.id, type: event.type }, 'stripe event processed');
      return true;
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
