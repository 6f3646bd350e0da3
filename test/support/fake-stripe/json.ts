import {
  type FakeCard,
  type FakeCustomer,
  type FakeInvoice,
  type FakePrice,
  type FakeProduct,
  type FakeStripeStore,
  type FakeSubscription,
  total,
} from './store.js';

/** Stripe's JSON for the objects the fake keeps (the fields our adapter and its tests read, and a few more). */
export type Json = Record<string, unknown>;

export const list = (url: string, data: unknown[]): Json => ({ object: 'list', data, has_more: false, url });

export function customerJson(c: FakeCustomer): Json {
  return {
    id: c.id,
    object: 'customer',
    email: c.email,
    name: c.name,
    metadata: c.metadata,
    invoice_settings: { default_payment_method: c.defaultPaymentMethod, custom_fields: null, footer: null },
    livemode: false,
  };
}

export function cardJson(c: FakeCard): Json {
  return {
    id: c.id,
    object: 'payment_method',
    type: 'card',
    customer: c.customer,
    card: { brand: c.brand, last4: c.last4, exp_month: c.expMonth, exp_year: c.expYear, funding: 'credit' },
    metadata: {},
    livemode: false,
  };
}

export function productJson(p: FakeProduct): Json {
  return {
    id: p.id,
    object: 'product',
    active: p.active,
    name: p.name,
    metadata: p.metadata,
    marketing_features: p.features.map((name) => ({ name })),
    livemode: false,
  };
}

export function priceJson(store: FakeStripeStore, p: FakePrice, expandProduct = false): Json {
  const product = store.products.get(p.product);
  return {
    id: p.id,
    object: 'price',
    active: p.active,
    currency: 'usd',
    product: expandProduct && product ? productJson(product) : p.product,
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: p.unitAmount,
    recurring: p.recurring
      ? { interval: p.recurring.interval, interval_count: p.recurring.intervalCount, usage_type: 'licensed' }
      : null,
    livemode: false,
  };
}

export function invoiceJson(inv: FakeInvoice, baseUrl: string): Json {
  const sum = total(inv);
  const finalized = inv.status !== 'draft';
  return {
    id: inv.id,
    object: 'invoice',
    customer: inv.customer,
    status: inv.status,
    currency: 'usd',
    subtotal: sum,
    total: sum,
    amount_due: Math.max(sum, 0),
    amount_paid: inv.amountPaid,
    amount_remaining: inv.status === 'paid' ? 0 : Math.max(sum, 0),
    attempt_count: inv.attemptCount,
    attempted: inv.attemptCount > 0,
    auto_advance: inv.autoAdvance,
    billing_reason: inv.billingReason,
    collection_method: inv.collectionMethod,
    description: inv.description,
    metadata: inv.metadata,
    number: inv.number,
    hosted_invoice_url: finalized ? `${baseUrl}/i/${inv.id}` : null,
    invoice_pdf: finalized ? `${baseUrl}/i/${inv.id}/pdf` : null,
    parent: inv.subscription
      ? {
          type: 'subscription_details',
          subscription_details: { subscription: inv.subscription, metadata: {} },
        }
      : null,
    lines: list(
      `/v1/invoices/${inv.id}/lines`,
      inv.lines.map((l) => ({
        id: l.id,
        object: 'line_item',
        amount: l.amount,
        currency: 'usd',
        description: l.description,
        metadata: l.metadata,
      })),
    ),
    created: inv.created,
    livemode: false,
  };
}

export function subscriptionJson(
  store: FakeStripeStore,
  s: FakeSubscription,
  baseUrl: string,
  expand: readonly string[],
): Json {
  const latest = s.latestInvoice ? store.invoices.get(s.latestInvoice) : undefined;
  const price = store.prices.get(s.price);
  return {
    id: s.id,
    object: 'subscription',
    customer: s.customer,
    status: s.status,
    currency: 'usd',
    collection_method: 'charge_automatically',
    cancel_at_period_end: s.cancelAtPeriodEnd,
    created: s.created,
    start_date: s.created,
    billing_cycle_anchor: s.periodStart,
    default_payment_method: s.defaultPaymentMethod,
    metadata: s.metadata,
    latest_invoice:
      expand.includes('latest_invoice') && latest ? invoiceJson(latest, baseUrl) : s.latestInvoice,
    // Since API 2025-03-31 the current period lives on each item, not on the subscription.
    items: list(`/v1/subscription_items?subscription=${s.id}`, [
      {
        id: s.itemId,
        object: 'subscription_item',
        subscription: s.id,
        quantity: 1,
        current_period_start: s.periodStart,
        current_period_end: s.periodEnd,
        price: price ? priceJson(store, price) : s.price,
        metadata: {},
      },
    ]),
    livemode: false,
  };
}
