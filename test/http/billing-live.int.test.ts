import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { logIn } from '../support/authz-matrix.js';
import { priceJson } from '../support/fake-stripe/json.js';
import {
  ALICE,
  type BillingLive,
  BOB,
  PK,
  sign,
  startBillingLive,
  stripeEvent,
  WHSEC,
  webhook,
} from './billing-live-setup.js';

// Plans, cards and subscriptions in LIVE against the fake Stripe over HTTP (billing-live-setup.ts);
// the tests run in order, as one customer's story.
let b: BillingLive;
let alice: string;
const subscriptionCreates = () =>
  b.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/subscriptions').length;

beforeAll(async () => {
  b = await startBillingLive();
  alice = (await logIn(b.t.app, ALICE.email, ALICE.password)).access_token;
});
afterAll(() => b?.close());

describe('billing in LIVE against Stripe', () => {
  it('lists Stripe prices with the configured markup and limits; price.updated drops the cache', async () => {
    const plans = async () => {
      const res = await b.call(null, 'GET', '/billing/plans');
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const first = await plans();
    expect(first).toMatchObject({ mode: 'live', currency: 'usd' });
    expect(first.items.map((p: { id: string }) => p.id)).toEqual(['free', 'pro', 'enterprise']);
    expect(first.items[1]).toEqual({
      id: 'pro',
      name: 'Pro',
      monthly_price: 29,
      annual_price: 290,
      markup_percent: 12,
      features: ['10 pods from Stripe'],
      limits: { max_running_pods: 7, api_keys: 20, seats: 5, spot_access: true },
      purchasable: true,
    });
    expect(first.items[2]).toMatchObject({ monthly_price: 199, annual_price: 0, purchasable: false });
    expect(first.items[0]).toMatchObject({ monthly_price: 0, markup_percent: 15, purchasable: true });

    // Stripe changes: the pro monthly price goes up and Enterprise gets a yearly price.
    const price = b.fake.store.prices.get(b.proMonth)!;
    price.unitAmount = 3500;
    b.fake.addPlan({
      plan: 'enterprise',
      interval: 'year',
      unitAmountCents: 199_000,
      productName: 'Ent yearly',
    });
    expect((await plans()).items[1].monthly_price).toBe(29); // still the cached listing

    const payload = stripeEvent('price.updated', priceJson(b.fake.store, price), { unit_amount: 2900 });
    const res = await webhook(b.t.app, payload, sign(payload));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: true, duplicate: false });
    // Stripe failing while nothing is cached: 503 with Retry-After (nothing half-listed), then it recovers.
    await b.setLive('stripe.api_base_url', 'http://127.0.0.1:1');
    const down = await b.call(null, 'GET', '/billing/plans');
    expect(down.statusCode, down.body).toBe(503);
    expect(down.json().code).toBe('provider_unavailable');
    expect(down.headers['retry-after']).toBe('30');
    await b.setLive('stripe.api_base_url', b.fake.url);
    const after = await plans();
    expect(after.items[1]).toMatchObject({ monthly_price: 35, annual_price: 290 });
    expect(after.items[2]).toMatchObject({ monthly_price: 199, annual_price: 1990, purchasable: true });
  });

  it("starts a SetupIntent for Stripe's card form with the publishable key", async () => {
    const res = await b.call(alice, 'POST', '/billing/setup-intent');
    expect(res.statusCode, res.body).toBe(200);
    const customer = b.customerOf(b.ids.alice);
    expect(customer).toMatchObject({ email: ALICE.email });
    const intent = [...b.fake.store.setupIntents.values()].find((i) => i.customer === customer?.id);
    expect(res.json()).toEqual({ client_secret: intent?.clientSecret, publishable_key: PK, mode: 'live' });
    expect(intent?.clientSecret).toMatch(/^seti_\w+_secret_/);
  });

  it('refuses raw card numbers in LIVE and saves a card Stripe confirmed as the default', async () => {
    const raw = { card_number: '4242424242424242', exp_month: 12, exp_year: 2031, cvc: '123' };
    const refused = await b.call(alice, 'POST', '/billing/payment-methods', raw);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('validation_failed');

    const customerId = b.customerOf(b.ids.alice)!.id;
    const pm = b.fake.attachTestCard(customerId, {
      brand: 'visa',
      last4: '4242',
      expMonth: 4,
      expYear: 2031,
    });
    const saved = await b.call(alice, 'POST', '/billing/payment-methods', { payment_method_id: pm });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toEqual({
      payment_method_id: pm,
      brand: 'visa',
      last4: '4242',
      exp_month: 4,
      exp_year: 2031,
      is_default: true,
    });
    expect((await b.call(alice, 'GET', '/billing/payment-methods')).json().default_payment_method_id).toBe(
      pm,
    );
    expect(b.fake.store.customer(customerId).defaultPaymentMethod).toBe(pm);
  });

  it('subscribes once per Idempotency-Key and the new session carries the pro role', async () => {
    const pm = b.fake.store.customer(b.customerOf(b.ids.alice)!.id).defaultPaymentMethod!;
    const body = { plan: 'pro', interval: 'month', payment_method_id: pm };
    const key = { 'idempotency-key': 'alice-subscribe-1' };
    const first = await b.call(alice, 'POST', '/billing/subscribe', body, key);
    expect(first.statusCode, first.body).toBe(201);
    const sub = first.json().subscription;
    expect(sub).toMatchObject({ plan: 'pro', interval: 'month', status: 'active', price: 35 });
    expect(sub).toMatchObject({ cancel_at_period_end: false, payment_method_id: pm });
    expect(b.fake.store.subscription(sub.id).price).toBe(b.proMonth);
    expect(subscriptionCreates()).toBe(1);

    // The plan change ends the sessions issued before it: the client logs in again.
    const session = await logIn(b.t.app, ALICE.email, ALICE.password);
    alice = session.access_token;
    const again = await b.call(alice, 'POST', '/billing/subscribe', body, key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(subscriptionCreates()).toBe(1);
    const other = await b.call(alice, 'POST', '/billing/subscribe', { ...body, interval: 'year' }, key);
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json().code).toBe('idempotency_conflict');
    expect(subscriptionCreates()).toBe(1);

    expect((await b.call(alice, 'GET', '/billing/subscription')).json()).toEqual({
      plan: 'pro',
      subscription: sub,
    });
    const invoices = (await b.call(alice, 'GET', '/billing/invoices')).json().items;
    expect(invoices).toMatchObject([{ kind: 'subscription', status: 'paid', total: 35 }]);
    const login = await b.t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ALICE });
    expect(login.json().user).toMatchObject({ role: 'pro', plan: 'pro' });
    const refreshed = await b.t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/refresh',
      payload: { refresh_token: session.refresh_token },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect(refreshed.json().user.role).toBe('pro');
  });

  it("answers 402 payment_failed with Stripe's message for a card that fails, and the user stays free", async () => {
    const bob = (await logIn(b.t.app, BOB.email, BOB.password)).access_token;
    expect((await b.call(bob, 'POST', '/billing/setup-intent')).statusCode).toBe(200);
    const customerId = b.customerOf(b.ids.bob)!.id;
    const pm = b.fake.attachTestCard(customerId, {
      brand: 'visa',
      last4: '9995',
      failCharges: 'insufficient_funds',
    });
    expect(
      (await b.call(bob, 'POST', '/billing/payment-methods', { payment_method_id: pm })).statusCode,
    ).toBe(201);
    const res = await b.call(bob, 'POST', '/billing/subscribe', {
      plan: 'pro',
      interval: 'month',
      payment_method_id: pm,
    });
    expect(res.statusCode, res.body).toBe(402);
    expect(res.json()).toMatchObject({ code: 'payment_failed', detail: 'Your card has insufficient funds.' });
    expect((await b.call(bob, 'GET', '/billing/subscription')).json()).toEqual({
      plan: 'free',
      subscription: null,
    });
    expect((await b.call(bob, 'GET', '/me')).json()).toMatchObject({ role: 'user', plan: 'free' });
    expect([...b.fake.store.subscriptions.values()].some((s) => s.customer === customerId)).toBe(false);
  });
  it('closes the month into Stripe invoice items and an invoice, charged to the default card', async () => {
    // Two usage events of a pod of Alice's, as Pods emits them: an hour running, then terminated.
    const start = new Date(Date.now() - 2 * 3_600_000);
    const usage = (id: string, status: string, at: Date) => ({
      id,
      topic: 'pod.usage',
      key: 'pod_live_meter',
      headers: {},
      createdAt: at,
      payload: {
        pod_id: 'pod_live_meter',
        user_id: b.ids.alice,
        name: 'live-meter',
        gpu_model: 'H100-80GB-SXM',
        gpu_count: 1,
        status,
        at: at.toISOString(),
        mode: 'LIVE',
        provider: 'lambda',
        price_per_hour_micros: 2_490_000,
        markup_percent: 12,
        storage_per_hour_micros: 10_000,
      },
    });
    await b.t.platform.events.transport.deliver([
      usage('evt_live_meter_1', 'running', start),
      usage('evt_live_meter_2', 'terminated', new Date(start.getTime() + 3_600_000)),
    ]);
    const month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
    expect(await b.t.modules.billing.closeMonth(month)).toEqual({ invoiced: 1 });
    const invoices = (await b.call(alice, 'GET', '/billing/invoices')).json().items;
    const period = invoices.find((i: { kind: string }) => i.kind === 'period');
    // $2.49 + 12 % + $0.01 storage for one hour.
    expect(period).toMatchObject({ status: 'paid', total: 2.8, failure_message: null });
    const items = b.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoiceitems');
    expect(items.map((r) => [r.body.customer, r.body.amount, r.body.currency])).toEqual([
      [b.customerOf(b.ids.alice)?.id, '279', 'usd'],
      [b.customerOf(b.ids.alice)?.id, '1', 'usd'],
    ]);
    expect(
      b.fake.requests.some((r) => r.method === 'POST' && /^\/v1\/invoices\/in_\w+\/pay$/.test(r.path)),
    ).toBe(true);
    expect(await b.t.modules.billing.closeMonth(month)).toEqual({ invoiced: 0 });
  });
});

describe('billing authorization and webhook configuration', () => {
  it('answers 401 without a token on every /billing route except the plans and the Stripe webhook', async () => {
    const keys = [
      ...new Set(
        b.t.app.routeCatalog
          .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/v2/billing/'))
          .map((r) => `${r.method} ${r.url}`),
      ),
    ];
    const open = ['GET /api/v2/billing/plans', 'POST /api/v2/billing/webhooks/stripe'];
    expect(keys).toEqual(expect.arrayContaining([...open, 'POST /api/v2/billing/subscribe']));
    const guarded = keys.filter((k) => !open.includes(k));
    expect(guarded.length).toBeGreaterThanOrEqual(14);
    const statuses: Record<string, number> = {};
    for (const key of guarded) {
      const [method, url] = key.split(' ') as ['GET', string];
      const res = await b.t.app.inject({
        method,
        url: url.replace(':id', 'inv_01NOPE'),
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      statuses[key] = res.statusCode;
    }
    expect(statuses).toEqual(Object.fromEntries(guarded.map((k) => [k, 401])));
  });

  it('answers 503 to a signed webhook when no webhook secret is configured', async () => {
    // A POD still in SANDBOX, without stripe.webhook_secret or STRIPE_WEBHOOK_SECRET.
    const bare: TestApp = await createTestApp();
    try {
      const payload = stripeEvent('invoice.paid', { id: 'in_1Nope', object: 'invoice' });
      const res = await webhook(bare.app, payload, sign(payload, WHSEC));
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json().code).toBe('provider_unavailable');
    } finally {
      await bare.close();
    }
  });
});
