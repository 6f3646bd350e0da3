import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakePlanInput, type FakeStripe, startFakeStripe } from '../../../test/support/fake-stripe.js';
import type { InvoiceLine } from './billing.tables.js';
import {
  type GatewayCard,
  type GatewayPlanPrice,
  PaymentDeclinedError,
  type PaymentGateway,
  PaymentRequestError,
} from './payment-gateway.js';
import { createStripeGateway } from './stripe.gateway.js';

let fake: FakeStripe;
let gateway: PaymentGateway;
let now: Date;

beforeEach(async () => {
  now = new Date('2026-01-31T10:00:00Z');
  fake = await startFakeStripe({ now: () => now });
  gateway = createStripeGateway({ secretKey: fake.secretKey, apiBaseUrl: fake.url, maxNetworkRetries: 0 });
});
afterEach(() => fake.close());

const user = { userId: 'usr_01ALICE', email: 'alice@example.com', name: 'Alice Martin' };
const requestsTo = (method: string, path: string) =>
  fake.requests.filter((r) => r.method === method && r.path === path);

async function plans() {
  fake.addPlan({ plan: 'pro', interval: 'month', unitAmountCents: 2900, productName: 'Pro' });
  fake.addPlan({ plan: 'enterprise', interval: 'month', unitAmountCents: 9900, productName: 'Enterprise' });
  const list = (await gateway.listPlanPrices()) ?? [];
  const find = (plan: string) => list.find((p) => p.plan === plan) as GatewayPlanPrice;
  return { pro: find('pro'), enterprise: find('enterprise') };
}

async function customerWithCard(
  card: Parameters<FakeStripe['attachTestCard']>[1] = { brand: 'visa', last4: '4242' },
) {
  const customerId = await gateway.ensureCustomer(user);
  const card2 = await gateway.attachPaymentMethod(customerId, fake.attachTestCard(customerId, card));
  return { customerId, card: card2 };
}

const subscribe = (customerId: string, card: GatewayCard, price: GatewayPlanPrice) =>
  gateway.createSubscription({ customerId, userId: user.userId, price, card, idempotencyKey: 's', now });

describe('Stripe gateway against the fake Stripe (real SDK, real HTTP)', () => {
  it('lists the recurring plan prices of active products tagged pro | enterprise', async () => {
    const pro = fake.addPlan({
      plan: 'pro',
      interval: 'month',
      unitAmountCents: 2900,
      productName: 'Pro',
      features: ['8 GPUs at once', 'Priority support'],
    });
    const plan = (p: Partial<FakePlanInput>) =>
      fake.addPlan({ plan: 'pro', interval: 'month', unitAmountCents: 100, productName: 'x', ...p });
    plan({ interval: 'year', unitAmountCents: 29_000, productName: 'Pro (yearly)' });
    plan({ plan: 'enterprise', unitAmountCents: 99_000, productName: 'Enterprise' });
    // Not plans: untagged, another tag, one-time, weekly, quarterly, archived product or price.
    for (const p of [{ plan: null }, { plan: 'team' }, { interval: null }, { interval: 'week' as const }])
      plan(p);
    plan({ intervalCount: 3 });
    plan({ productActive: false });
    plan({ priceActive: false });

    const list = await gateway.listPlanPrices();

    expect(list?.map((p) => [p.plan, p.interval, p.amountMicros, p.name]).sort()).toEqual([
      ['enterprise', 'month', 990_000_000, 'Enterprise'],
      ['pro', 'month', 29_000_000, 'Pro'],
      ['pro', 'year', 290_000_000, 'Pro (yearly)'],
    ]);
    const monthly = list?.find((p) => p.name === 'Pro');
    expect(monthly).toMatchObject({
      externalId: pro.priceId,
      features: ['8 GPUs at once', 'Priority support'],
    });
    const [req] = requestsTo('GET', '/v1/prices');
    expect(req?.query).toEqual({ active: 'true', expand: ['data.product'], limit: '100' });
    expect(req?.headers['stripe-version']).toBe(Stripe.API_VERSION);
  });

  it('creates the customer once per user and a setup intent for the card form', async () => {
    const id = await gateway.ensureCustomer(user);
    expect(await gateway.ensureCustomer(user)).toBe(id);
    expect([...fake.store.customers.values()]).toEqual([
      expect.objectContaining({ id, email: user.email, name: user.name, metadata: { user_id: user.userId } }),
    ]);
    expect(requestsTo('POST', '/v1/customers').map((r) => r.headers['idempotency-key'])).toEqual([
      'customer-usr_01ALICE',
      'customer-usr_01ALICE',
    ]);

    const intent = await gateway.createSetupIntent(id);
    expect(intent.id).toMatch(/^seti_/);
    expect(intent.clientSecret.startsWith(`${intent.id}_secret_`)).toBe(true);
    expect(requestsTo('POST', '/v1/setup_intents')[0]?.body).toEqual({
      customer: id,
      usage: 'off_session',
      automatic_payment_methods: { enabled: 'true' },
    });
  });

  it('saves a confirmed card as the default, attaching it when Stripe has not', async () => {
    const customerId = await gateway.ensureCustomer(user);
    const confirmed = fake.attachTestCard(customerId, {
      brand: 'visa',
      last4: '4242',
      expMonth: 4,
      expYear: 2031,
    });
    expect(await gateway.attachPaymentMethod(customerId, confirmed)).toEqual({
      id: confirmed,
      brand: 'visa',
      last4: '4242',
      expMonth: 4,
      expYear: 2031,
      chargeFailure: null,
    });
    expect(fake.store.customer(customerId).defaultPaymentMethod).toBe(confirmed);
    expect(requestsTo('POST', `/v1/payment_methods/${confirmed}/attach`)).toHaveLength(0);

    const loose = fake.attachTestCard(null, { brand: 'mastercard', last4: '4444' });
    expect((await gateway.attachPaymentMethod(customerId, loose)).brand).toBe('mastercard');
    expect(fake.store.card(loose).customer).toBe(customerId);
    expect(fake.store.customer(customerId).defaultPaymentMethod).toBe(loose);
  });

  it('refuses a card of another customer, an unknown one, and raw card numbers', async () => {
    const customerId = await gateway.ensureCustomer(user);
    const other = await gateway.ensureCustomer({ ...user, userId: 'usr_02BOB' });
    const theirs = fake.attachTestCard(other, { brand: 'visa', last4: '1111' });
    await expect(gateway.attachPaymentMethod(customerId, theirs)).rejects.toThrow(/another customer/);
    await expect(gateway.attachPaymentMethod(customerId, 'pm_doesnotexist')).rejects.toBeInstanceOf(
      PaymentRequestError,
    );
    await expect(gateway.attachPaymentMethod(customerId, '../customers/x')).rejects.toBeInstanceOf(
      PaymentRequestError,
    );
    await expect(
      gateway.addTestCard(customerId, { number: '4242424242424242', expMonth: 1, expYear: 2030, cvc: '123' }),
    ).rejects.toThrow(/Stripe's form/);
    expect(fake.store.customer(customerId).defaultPaymentMethod).toBeNull();
  });

  it('subscribes: first period charged, period read from the subscription item', async () => {
    const { pro } = await plans();
    const { customerId, card } = await customerWithCard();

    const sub = await gateway.createSubscription({
      customerId,
      userId: user.userId,
      price: pro,
      card,
      idempotencyKey: 'sub-create-1',
      now,
    });

    expect(sub).toMatchObject({
      externalId: expect.stringMatching(/^sub_/),
      status: 'active',
      cancelAtPeriodEnd: false,
      currentPeriodStart: new Date('2026-01-31T10:00:00Z'),
      currentPeriodEnd: new Date('2026-02-28T10:00:00Z'),
      invoice: { status: 'paid', totalCents: 2900, failureMessage: null },
    });
    expect(sub.invoice?.hostedUrl).toContain(sub.invoice?.externalId);
    const [req] = requestsTo('POST', '/v1/subscriptions');
    expect(req?.headers['idempotency-key']).toBe('sub-create-1');
    expect(req?.body).toEqual({
      customer: customerId,
      items: [{ price: pro.externalId }],
      default_payment_method: card.id,
      payment_behavior: 'error_if_incomplete',
      metadata: { user_id: user.userId, plan: 'pro' },
      expand: ['latest_invoice'],
    });
  });

  it('a declined first charge is PaymentDeclinedError with its code, and nothing stays subscribed', async () => {
    const { pro } = await plans();
    const poor = await customerWithCard({ brand: 'visa', last4: '9995', failCharges: 'insufficient_funds' });
    const input = { userId: user.userId, price: pro, idempotencyKey: 'k1', now };
    const err = await gateway.createSubscription({ ...input, ...poor }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentDeclinedError);
    expect(err).toMatchObject({
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });

    const expired = await customerWithCard({ brand: 'visa', last4: '0069', failCharges: 'expired_card' });
    await expect(
      gateway.createSubscription({ ...input, ...expired, idempotencyKey: 'k2' }),
    ).rejects.toMatchObject({
      declineCode: 'expired_card',
    });
    expect(fake.store.subscriptions.size).toBe(0);
  });

  it('changes plan mid-period with a proration invoice, and keeps the plan when that charge fails', async () => {
    now = new Date('2026-02-01T00:00:00Z');
    const { pro, enterprise } = await plans();
    const { customerId, card } = await customerWithCard();
    const sub = await subscribe(customerId, card, pro);
    now = new Date('2026-02-15T00:00:00Z'); // half of February left
    const current = {
      priceMicros: pro.amountMicros,
      periodStart: sub.currentPeriodStart,
      periodEnd: sub.currentPeriodEnd,
    };

    const declining = fake.attachTestCard(customerId, {
      brand: 'visa',
      last4: '0341',
      failCharges: 'card_declined',
    });
    const badCard: GatewayCard = { ...card, id: declining };
    const change = { externalId: sub.externalId, price: enterprise, current, now };
    await expect(
      gateway.changeSubscription({ ...change, card: badCard, idempotencyKey: 'chg-1' }),
    ).rejects.toMatchObject({ name: 'PaymentDeclinedError', declineCode: 'card_declined' });
    expect(fake.store.subscription(sub.externalId).price).toBe(pro.externalId);

    const changed = await gateway.changeSubscription({ ...change, card, idempotencyKey: 'chg-2' });

    expect(changed).toMatchObject({
      status: 'active',
      currentPeriodStart: sub.currentPeriodStart,
      currentPeriodEnd: sub.currentPeriodEnd,
      invoice: { status: 'paid', totalCents: 9900 / 2 - 2900 / 2 },
    });
    expect(changed.invoice?.externalId).not.toBe(sub.invoice?.externalId);
    const stored = fake.store.subscription(sub.externalId);
    expect(stored.price).toBe(enterprise.externalId);
    expect(stored.metadata).toEqual({ user_id: user.userId, plan: 'enterprise' });
    const update = requestsTo('POST', `/v1/subscriptions/${sub.externalId}`).at(-1);
    expect(update?.body).toMatchObject({
      items: [{ id: stored.itemId, price: enterprise.externalId }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'error_if_incomplete',
    });
  });

  it('sets and clears cancel at period end', async () => {
    const { pro } = await plans();
    const { customerId, card } = await customerWithCard();
    const sub = await subscribe(customerId, card, pro);
    await gateway.setCancelAtPeriodEnd(sub.externalId, true);
    expect(fake.store.subscription(sub.externalId).cancelAtPeriodEnd).toBe(true);
    await gateway.setCancelAtPeriodEnd(sub.externalId, false);
    expect(fake.store.subscription(sub.externalId).cancelAtPeriodEnd).toBe(false);
  });
});

const usage = (amountMicros: number, podId: string | null = 'pod_1'): InvoiceLine => ({
  kind: 'usage',
  description: `GPU usage ${podId}`,
  pod_id: podId,
  quantity: 3600,
  unit: 'second',
  amount_micros: amountMicros,
});

describe('Stripe gateway invoices', () => {
  const invoiceInput = (customerId: string, lines: InvoiceLine[], idempotencyKey = 'inv-2026-01') => ({
    customerId,
    card: null,
    lines,
    description: 'GPU usage, January 2026',
    metadata: { period: '2026-01' },
    idempotencyKey,
  });

  it('bills the lines in cents that add up to the rounded total and charges the default card', async () => {
    const { customerId } = await customerWithCard();
    const lines = [
      usage(1_234_567),
      usage(3_000, 'pod_2'),
      usage(3_000, 'pod_3'),
      usage(0),
      usage(10_000_000, null),
    ];

    const invoice = await gateway.createInvoice(invoiceInput(customerId, lines));

    expect(invoice).toMatchObject({ status: 'paid', totalCents: 1124, failureMessage: null });
    expect(invoice.hostedUrl).toContain(invoice.externalId);
    const items = requestsTo('POST', '/v1/invoiceitems');
    expect(items.map((r) => [r.headers['idempotency-key'], r.body.amount, r.body.metadata])).toEqual([
      ['inv-2026-01:0', '123', { pod_id: 'pod_1' }],
      ['inv-2026-01:1', '1', { pod_id: 'pod_2' }],
      ['inv-2026-01:4', '1000', undefined],
    ]);
    expect(requestsTo('POST', '/v1/invoices')[0]?.body).toEqual({
      customer: customerId,
      collection_method: 'charge_automatically',
      auto_advance: 'true',
      pending_invoice_items_behavior: 'include',
      description: 'GPU usage, January 2026',
      metadata: { period: '2026-01' },
    });
  });

  it('a declined charge leaves the invoice open with the message; paying again with a new card settles it', async () => {
    const declining = { brand: 'visa', last4: '0341', failCharges: 'card_declined' };
    const { customerId } = await customerWithCard(declining);

    const invoice = await gateway.createInvoice(invoiceInput(customerId, [usage(50_000_000)]));
    expect(invoice).toMatchObject({
      status: 'open',
      totalCents: 5000,
      failureMessage: 'Your card was declined.',
    });
    expect(fake.store.invoice(invoice.externalId).status).toBe('open');

    const retried = await gateway.payInvoice({
      externalId: invoice.externalId,
      totalCents: 5000,
      card: null,
    });
    expect(retried).toMatchObject({ status: 'open', failureMessage: 'Your card was declined.' });

    const good = await gateway.attachPaymentMethod(
      customerId,
      fake.attachTestCard(customerId, { brand: 'visa', last4: '4242' }),
    );
    const paid = await gateway.payInvoice({ externalId: invoice.externalId, totalCents: 5000, card: good });
    expect(paid).toMatchObject({ status: 'paid', totalCents: 5000, failureMessage: null });
    expect(requestsTo('POST', `/v1/invoices/${invoice.externalId}/pay`).at(-1)?.body).toEqual({
      payment_method: good.id,
    });
    // Already paid: answered from Stripe's state, without a second charge.
    expect(
      (await gateway.payInvoice({ externalId: invoice.externalId, totalCents: 5000, card: good })).status,
    ).toBe('paid');
    expect(requestsTo('POST', `/v1/invoices/${invoice.externalId}/pay`)).toHaveLength(3);
  });

  it('a zero total is paid at finalization, without a charge', async () => {
    const { customerId } = await customerWithCard();
    const invoice = await gateway.createInvoice(invoiceInput(customerId, [usage(4_000), usage(0)]));
    expect(invoice).toMatchObject({ status: 'paid', totalCents: 0 });
    expect(requestsTo('POST', '/v1/invoiceitems')).toHaveLength(0);
    expect(fake.requests.some((r) => r.path.endsWith('/pay'))).toBe(false);
  });

  it('replays a request retried with its idempotency key, and refuses the key for another one', async () => {
    const { pro, enterprise } = await plans();
    const { customerId, card } = await customerWithCard();
    const input = {
      customerId,
      userId: user.userId,
      price: pro,
      card,
      idempotencyKey: 'sub-usr_01ALICE-1',
      now,
    };
    const first = await gateway.createSubscription(input);
    const again = await gateway.createSubscription(input);
    expect(again).toEqual(first);
    expect(fake.store.subscriptions.size).toBe(1);
    expect(fake.store.invoices.size).toBe(1);
    await expect(gateway.createSubscription({ ...input, price: enterprise })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );

    const lines = [usage(12_000_000), usage(8_000_000, 'pod_2')];
    const invoice = await gateway.createInvoice(invoiceInput(customerId, lines, 'inv-x'));
    expect(await gateway.createInvoice(invoiceInput(customerId, lines, 'inv-x'))).toEqual(invoice);
    expect(fake.store.invoiceItems.size).toBe(2);
    expect(fake.store.invoice(invoice.externalId).amountPaid).toBe(2000);
  });

  it('lets other Stripe errors through as the SDK raises them (the caller answers 503)', async () => {
    const wrong = createStripeGateway({
      secretKey: 'sk_test_wrong',
      apiBaseUrl: fake.url,
      maxNetworkRetries: 0,
    });
    await expect(wrong.ensureCustomer(user)).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(fake.requests.at(-1)?.status).toBe(401);
    expect(fake.store.customers.size).toBe(0);

    fake.failNext(500, { type: 'api_error', message: 'An unknown error occurred' });
    await expect(gateway.listPlanPrices()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
  });
});
