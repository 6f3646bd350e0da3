import { invalidRequest, noSuch, StripeFault } from './errors.js';
import type { Params } from './form.js';
import { subscriptionJson } from './json.js';
import { expansions, type Route } from './route.js';
import {
  addInterval,
  type FakeInvoice,
  type FakeLine,
  type FakePrice,
  type FakeStripeStore,
  type FakeSubscription,
  newId,
} from './store.js';

const PAYMENT_BEHAVIORS = [
  'allow_incomplete',
  'default_incomplete',
  'error_if_incomplete',
  'pending_if_incomplete',
] as const;
type PaymentBehavior = (typeof PAYMENT_BEHAVIORS)[number];
type RecurringPrice = FakePrice & { recurring: NonNullable<FakePrice['recurring']> };

function recurringPrice(store: FakeStripeStore, id: string, param: string): RecurringPrice {
  const price = store.price(id, param);
  if (!price.recurring)
    throw invalidRequest(
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      undefined,
      param,
    );
  if (!price.active)
    throw invalidRequest(
      'The price specified is inactive. This field only accepts active prices.',
      undefined,
      param,
    );
  return price as RecurringPrice;
}

/** The one item the fake supports (our adapter never sends more), or Stripe's 400s. */
function onlyItem(params: Params): Params {
  if (!params.has('items')) params.need('items');
  const items = params.list('items') ?? [];
  if (items.length !== 1 || !items[0])
    throw invalidRequest('The fake supports exactly one item per subscription.', undefined, 'items');
  return items[0];
}

const line = (amount: number, description: string): FakeLine => ({
  id: newId('il'),
  amount,
  description,
  metadata: {},
});
const productName = (store: FakeStripeStore, price: FakePrice) =>
  store.products.get(price.product)?.name ?? price.product;

/**
 * Finalizes and charges a subscription invoice (the subscription's card, else the customer's).
 * Under `error_if_incomplete` a failed charge undoes it all: the invoice is dropped and the error
 * (402 for a decline) answered; otherwise it stays open and the caller marks the subscription.
 */
function settle(store: FakeStripeStore, invoice: FakeInvoice, behavior: PaymentBehavior, pm: string | null) {
  store.finalize(invoice);
  if (invoice.status !== 'open') return true;
  try {
    store.charge(invoice, pm ?? undefined);
    return true;
  } catch (err) {
    if (behavior !== 'error_if_incomplete' && err instanceof StripeFault && err.status === 402) return false;
    store.invoices.delete(invoice.id);
    throw err;
  }
}

/**
 * Moves a subscription to another price now. Same cycle: credit the unused part of the old price,
 * charge the rest of the period at the new one. Another interval: the cycle restarts now and the
 * full new period is charged, less the credit. Nothing changes when the charge fails (402).
 */
function changePrice(
  store: FakeStripeStore,
  sub: FakeSubscription,
  price: RecurringPrice,
  opts: { proration: string; behavior: PaymentBehavior; pm: string | null },
) {
  const old = store.price(sub.price);
  const now = store.now();
  const left = Math.min(1, Math.max(0, (sub.periodEnd - now) / (sub.periodEnd - sub.periodStart)));
  const { interval, intervalCount } = price.recurring;
  const sameCycle = old.recurring?.interval === interval && old.recurring.intervalCount === intervalCount;
  const lines: FakeLine[] = [];
  if (opts.proration !== 'none') {
    lines.push(line(-Math.round(old.unitAmount * left), `Unused time on ${productName(store, old)}`));
    if (sameCycle)
      lines.push(line(Math.round(price.unitAmount * left), `Remaining time on ${productName(store, price)}`));
  }
  if (!sameCycle) lines.push(line(price.unitAmount, `1 × ${productName(store, price)}`));
  let latest = sub.latestInvoice;
  let status = sub.status;
  if (opts.proration === 'create_prorations' && sameCycle) {
    for (const l of lines)
      store.invoiceItems.set(l.id, { ...l, customer: sub.customer, currency: 'usd', invoice: null });
  } else if (lines.length > 0) {
    const invoice = store.newInvoice(sub.customer, {
      subscription: sub.id,
      billingReason: 'subscription_update',
      autoAdvance: true,
      lines,
    });
    status = settle(store, invoice, opts.behavior, opts.pm) ? 'active' : 'past_due';
    latest = invoice.id;
  }
  Object.assign(sub, {
    price: price.id,
    status,
    latestInvoice: latest,
    periodStart: sameCycle ? sub.periodStart : now,
    periodEnd: sameCycle ? sub.periodEnd : addInterval(now, interval, intervalCount),
  });
}

export const subscriptionRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/subscriptions$/,
    handle({ store, params, baseUrl }) {
      params.only('customer', 'items', 'default_payment_method', 'payment_behavior', 'metadata', 'expand');
      const expand = expansions(params, ['latest_invoice']);
      const customer = store.customer(params.need('customer'), 'customer').id;
      const price = recurringPrice(
        store,
        onlyItem(params).only('price', 'quantity').need('price'),
        'items[0][price]',
      );
      const pm = params.str('default_payment_method') ?? null;
      if (pm) store.cardOf(customer, pm, 'default_payment_method');
      const behavior = params.oneOf('payment_behavior', PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
      const now = store.now();
      const { interval, intervalCount } = price.recurring;
      const sub: FakeSubscription = {
        id: newId('sub'),
        customer,
        itemId: newId('si'),
        price: price.id,
        status: 'active',
        periodStart: now,
        periodEnd: addInterval(now, interval, intervalCount),
        cancelAtPeriodEnd: false,
        defaultPaymentMethod: pm,
        metadata: params.metadata() ?? {},
        latestInvoice: null,
        created: now,
      };
      const invoice = store.newInvoice(customer, {
        subscription: sub.id,
        billingReason: 'subscription_create',
        autoAdvance: true,
        lines: [line(price.unitAmount, `1 × ${productName(store, price)} (per ${interval})`)],
      });
      sub.status = settle(store, invoice, behavior, pm) ? 'active' : 'incomplete';
      sub.latestInvoice = invoice.id;
      store.subscriptions.set(sub.id, sub);
      return subscriptionJson(store, sub, baseUrl, expand);
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/subscriptions\/([^/]+)$/,
    handle({ store, params, id, baseUrl }) {
      params.only('expand');
      return subscriptionJson(store, store.subscription(id), baseUrl, expansions(params, ['latest_invoice']));
    },
  },
  {
    method: 'POST',
    path: /^\/v1\/subscriptions\/([^/]+)$/,
    handle({ store, params, id, baseUrl }) {
      params.only(
        'items',
        'proration_behavior',
        'payment_behavior',
        'cancel_at_period_end',
        'default_payment_method',
        'metadata',
        'expand',
      );
      const expand = expansions(params, ['latest_invoice']);
      const sub = store.subscription(id);
      if (sub.status === 'canceled')
        throw invalidRequest(
          'A canceled subscription can only update its cancellation_details and metadata.',
        );
      const pm = params.str('default_payment_method');
      if (pm) store.cardOf(sub.customer, pm, 'default_payment_method');
      const behavior = params.oneOf('payment_behavior', PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
      const proration =
        params.oneOf('proration_behavior', ['always_invoice', 'create_prorations', 'none']) ??
        'create_prorations';
      const cancel = params.bool('cancel_at_period_end');
      const metadata = params.metadata();
      if (params.has('items')) {
        const item = onlyItem(params).only('id', 'price', 'quantity');
        const itemId = item.need('id');
        if (itemId !== sub.itemId) throw noSuch('subscription item', itemId, 'items[0][id]');
        const priceId = item.str('price');
        if (priceId && priceId !== sub.price)
          changePrice(store, sub, recurringPrice(store, priceId, 'items[0][price]'), {
            proration,
            behavior,
            pm: pm || sub.defaultPaymentMethod,
          });
      }
      if (pm !== undefined) sub.defaultPaymentMethod = pm || null;
      if (cancel !== undefined) sub.cancelAtPeriodEnd = cancel;
      // Stripe merges metadata; an empty value removes the key.
      for (const [k, v] of Object.entries(metadata ?? {})) {
        if (v === '') delete sub.metadata[k];
        else sub.metadata[k] = v;
      }
      return subscriptionJson(store, sub, baseUrl, expand);
    },
  },
];
