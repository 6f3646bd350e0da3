import Stripe from 'stripe';
import type { InvoiceLine, InvoiceStatus, SubscriptionStatus } from './billing.tables.js';
import {
  type GatewayCard,
  type GatewayInvoice,
  type GatewayPlanPrice,
  type GatewaySubscription,
  PaymentDeclinedError,
  type PaymentGateway,
  PaymentRequestError,
} from './payment-gateway.js';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Another API origin (`http://127.0.0.1:4242`, a local stand-in); absent or null = api.stripe.com. */
  apiBaseUrl?: string | null;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

const PLANS: ReadonlySet<string> = new Set<GatewayPlanPrice['plan']>(['pro', 'enterprise']);

/** Our states; Stripe's extra ones fold onto the nearest (a trial is service, a pause is unpaid service). */
const SUBSCRIPTION_STATUS: Record<string, SubscriptionStatus> = {
  active: 'active',
  trialing: 'active',
  past_due: 'past_due',
  paused: 'past_due',
  unpaid: 'unpaid',
  canceled: 'canceled',
  incomplete_expired: 'canceled',
  incomplete: 'incomplete',
};
const INVOICE_STATUS: Record<string, InvoiceStatus> = {
  draft: 'draft',
  open: 'open',
  paid: 'paid',
  void: 'void',
  uncollectible: 'uncollectible',
};

const toDate = (unixSeconds: number) => new Date(unixSeconds * 1000);

function connection(apiBaseUrl: string | null | undefined): Partial<Stripe.StripeConfig> {
  if (!apiBaseUrl) return {};
  const url = new URL(apiBaseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`Stripe API base URL must be http(s): ${apiBaseUrl}`);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/**
 * Integer cents per line whose sum is the rounded total: each line gets the rounded running total
 * minus what the lines before it got. Rounding lines one by one would drop many sub-cent usage
 * lines to 0 (and skip them) and let the invoice drift from the total we computed in micros.
 */
export function centsPerLine(lines: readonly InvoiceLine[]): number[] {
  let runningMicros = 0;
  let billedCents = 0;
  return lines.map((line) => {
    runningMicros += line.amount_micros;
    const cents = Math.round(runningMicros / 10_000) - billedCents;
    billedCents += cents;
    return cents;
  });
}

function toInvoice(invoice: Stripe.Invoice, failureMessage: string | null = null): GatewayInvoice {
  return {
    externalId: invoice.id,
    status: INVOICE_STATUS[invoice.status ?? 'draft'] ?? 'open',
    totalCents: invoice.total,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    failureMessage,
  };
}

function toSubscription(sub: Stripe.Subscription, previousInvoiceId?: string | null): GatewaySubscription {
  // API 2025-03-31 (basil) moved the current period from the subscription to each item; read the
  // subscription's own fields first so an account pinned to an older version still works.
  const legacy = sub as Stripe.Subscription & { current_period_start?: number; current_period_end?: number };
  const item = sub.items.data[0];
  const start = legacy.current_period_start ?? item?.current_period_start;
  const end = legacy.current_period_end ?? item?.current_period_end;
  if (start === undefined || end === undefined)
    throw new Error(`Stripe subscription ${sub.id} has no period`);
  const latest = typeof sub.latest_invoice === 'object' ? sub.latest_invoice : null;
  return {
    externalId: sub.id,
    status: SUBSCRIPTION_STATUS[sub.status] ?? 'incomplete',
    currentPeriodStart: toDate(start),
    currentPeriodEnd: toDate(end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    // After an update that invoiced nothing, `latest_invoice` is still the previous one: not ours.
    invoice: latest && latest.id !== previousInvoiceId ? toInvoice(latest) : null,
  };
}

function toCard(id: string, card: Stripe.PaymentMethod.Card): GatewayCard {
  return {
    id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
    chargeFailure: null,
  };
}

const isCardError = (err: unknown): err is Stripe.errors.StripeCardError =>
  err instanceof Stripe.errors.StripeCardError;

/** A declined card becomes the port's error; anything else (auth, network, API) is left to the caller. */
function declinedOr(err: unknown): unknown {
  if (!isCardError(err)) return err;
  return new PaymentDeclinedError(err.decline_code || err.code || 'card_declined', err.message);
}

function stripePrice(price: GatewayPlanPrice): string {
  if (!price.externalId) throw new Error(`plan ${price.plan}/${price.interval} has no Stripe price`);
  return price.externalId;
}

/**
 * The payment port over the stripe SDK (test or live keys). Stripe renews subscriptions and retries
 * failed invoices itself (Smart Retries), so `renewsItself` is true. Card declines become
 * `PaymentDeclinedError`; other Stripe errors (auth, connection, API) propagate unchanged.
 */
export function createStripeGateway(opts: StripeGatewayOptions): PaymentGateway {
  const stripe = new Stripe(opts.secretKey, {
    ...connection(opts.apiBaseUrl),
    ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs }),
    ...(opts.maxNetworkRetries === undefined ? {} : { maxNetworkRetries: opts.maxNetworkRetries }),
    appInfo: { name: 'gpubroker' },
  });

  async function pay(
    invoice: Stripe.Invoice,
    params: Stripe.InvoicePayParams,
    options?: Stripe.RequestOptions,
  ): Promise<GatewayInvoice> {
    try {
      return toInvoice(await stripe.invoices.pay(invoice.id, params, options));
    } catch (err) {
      // The invoice stays open; Stripe retries it on its own schedule and tells us by webhook.
      if (isCardError(err)) return { ...toInvoice(invoice), status: 'open', failureMessage: err.message };
      throw err;
    }
  }

  return {
    kind: 'stripe',
    renewsItself: true,

    async listPlanPrices() {
      const prices = await stripe.prices.list({ active: true, expand: ['data.product'], limit: 100 });
      const out: GatewayPlanPrice[] = [];
      for (const price of prices.data) {
        const product = typeof price.product === 'object' && !price.product.deleted ? price.product : null;
        const plan = product?.metadata.plan;
        const { interval, interval_count: count } = price.recurring ?? {};
        if (!product?.active || !plan || !PLANS.has(plan) || price.unit_amount === null) continue;
        if ((interval !== 'month' && interval !== 'year') || count !== 1) continue;
        out.push({
          plan: plan as GatewayPlanPrice['plan'],
          interval: interval as 'month' | 'year',
          amountMicros: price.unit_amount * 10_000,
          externalId: price.id,
          name: product.name,
          features: product.marketing_features.flatMap((f) => (f.name ? [f.name] : [])),
        });
      }
      return out;
    },

    async ensureCustomer({ userId, email, name }) {
      const customer = await stripe.customers.create(
        { email, name, metadata: { user_id: userId } },
        { idempotencyKey: `customer-${userId}` },
      );
      return customer.id;
    },

    async createSetupIntent(customerId) {
      const intent = await stripe.setupIntents.create({
        customer: customerId,
        usage: 'off_session',
        automatic_payment_methods: { enabled: true },
      });
      if (!intent.client_secret) throw new Error(`Stripe setup intent ${intent.id} has no client secret`);
      return { id: intent.id, clientSecret: intent.client_secret };
    },

    async addTestCard() {
      throw new PaymentRequestError("In LIVE, cards are entered in Stripe's form (SetupIntent).");
    },

    async attachPaymentMethod(customerId, paymentMethodId) {
      const field = 'payment_method_id';
      if (!/^(pm|card)_[A-Za-z0-9]+$/.test(paymentMethodId))
        throw new PaymentRequestError('Not a Stripe payment method id.', field);
      let pm: Stripe.PaymentMethod;
      try {
        pm = await stripe.paymentMethods.retrieve(paymentMethodId);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing')
          throw new PaymentRequestError('Unknown payment method.', field);
        throw err;
      }
      const owner = typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
      if (owner !== null && owner !== customerId)
        throw new PaymentRequestError('This payment method belongs to another customer.', field);
      if (!pm.card) throw new PaymentRequestError('Only cards can be saved as the payment method.', field);
      if (owner === null) await stripe.paymentMethods.attach(pm.id, { customer: customerId });
      await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
      return toCard(pm.id, pm.card);
    },

    async createSubscription({ customerId, userId, price, card, idempotencyKey }) {
      try {
        const sub = await stripe.subscriptions.create(
          {
            customer: customerId,
            items: [{ price: stripePrice(price) }],
            default_payment_method: card.id,
            // A declined first charge is a 402 and no subscription is left behind.
            payment_behavior: 'error_if_incomplete',
            metadata: { user_id: userId, plan: price.plan },
            expand: ['latest_invoice'],
          },
          { idempotencyKey },
        );
        return toSubscription(sub);
      } catch (err) {
        throw declinedOr(err);
      }
    },

    async changeSubscription({ externalId, price, card, idempotencyKey }) {
      const current = await stripe.subscriptions.retrieve(externalId);
      const item = current.items.data[0];
      if (!item) throw new Error(`Stripe subscription ${externalId} has no item`);
      const previousInvoiceId =
        typeof current.latest_invoice === 'string'
          ? current.latest_invoice
          : (current.latest_invoice?.id ?? null);
      try {
        const sub = await stripe.subscriptions.update(
          externalId,
          {
            items: [{ id: item.id, price: stripePrice(price) }],
            proration_behavior: 'always_invoice',
            payment_behavior: 'error_if_incomplete',
            // The subscription's own default card outranks the customer's: keep it the current one.
            ...(card ? { default_payment_method: card.id } : {}),
            // Stripe merges metadata keys; webhooks read `plan` from here.
            metadata: { plan: price.plan },
            expand: ['latest_invoice'],
          },
          { idempotencyKey },
        );
        return toSubscription(sub, previousInvoiceId);
      } catch (err) {
        throw declinedOr(err);
      }
    },

    async setCancelAtPeriodEnd(externalId, cancel) {
      await stripe.subscriptions.update(externalId, { cancel_at_period_end: cancel });
    },

    async createInvoice({ customerId, lines, description, metadata, idempotencyKey }) {
      const cents = centsPerLine(lines);
      // One by one, in order: the invoice lists its items in creation order.
      for (const [index, line] of lines.entries()) {
        const amount = cents[index] ?? 0;
        if (amount === 0) continue;
        await stripe.invoiceItems.create(
          {
            customer: customerId,
            amount,
            currency: 'usd',
            description: line.description,
            metadata: line.pod_id ? { pod_id: line.pod_id } : {},
          },
          { idempotencyKey: `${idempotencyKey}:${index}` },
        );
      }
      const draft = await stripe.invoices.create(
        {
          customer: customerId,
          collection_method: 'charge_automatically',
          auto_advance: true,
          pending_invoice_items_behavior: 'include',
          description,
          metadata,
        },
        { idempotencyKey },
      );
      // Keyed too, so a retry after a crash replays these steps instead of failing on "already finalized".
      const finalized = await stripe.invoices.finalizeInvoice(
        draft.id,
        {},
        { idempotencyKey: `${idempotencyKey}:finalize` },
      );
      // A zero (or credit) total is marked paid on finalization: nothing to charge.
      if (finalized.status !== 'open') return toInvoice(finalized);
      return pay(finalized, {}, { idempotencyKey: `${idempotencyKey}:pay` });
    },

    async payInvoice({ externalId, card }) {
      const invoice = await stripe.invoices.retrieve(externalId);
      // Paid meanwhile (Stripe's own retry, a webhook we have not seen yet): paying again is a 400.
      if (invoice.status !== 'open') return toInvoice(invoice);
      // The card the user has now, which may be newer than the one the invoice last tried.
      return pay(invoice, card ? { payment_method: card.id } : {});
    },
  };
}
