import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClockedApp, startClockedApp } from '../support/clocked-app.js';

// Plans, cards and subscriptions in SANDBOX (mock billing): Stripe's documented test cards with
// their outcomes, subscribe (idempotent), change plan (prorated), cancel at period end, and the
// renewals the sandbox runs itself (the injectable clock moves a month on).
const USER = { email: 'subs-user@example.com', password: 'subs user passphrase' };
let a: ClockedApp;
const call: ClockedApp['call'] = (...args) => a.call(...args);
const addCard = (card_number: string, exp = { exp_month: 12, exp_year: 2030 }, cvc = '123') =>
  call('POST', '/billing/payment-methods', { card_number, ...exp, cvc });
const me = async () => (await call('GET', '/me')).json() as { role: string; plan: string };

beforeAll(async () => {
  a = await startClockedApp({
    start: Date.UTC(2026, 10, 10, 12, 0, 0),
    admin: { email: 'subs-admin@example.com', password: 'subs admin passphrase' },
    user: USER,
  });
});
afterAll(async () => {
  await a?.close();
});

describe('plans', () => {
  it('lists FREE, PRO and ENTERPRISE from configuration in SANDBOX, publicly', async () => {
    await a.setParameter('plans.pro.monthly_price_usd', 35);
    const res = await a.t.app.inject({ method: 'GET', url: '/api/v2/billing/plans' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const { items, mode } = res.json();
    expect(mode).toBe('sandbox');
    expect(items.map((p: { id: string }) => p.id)).toEqual(['free', 'pro', 'enterprise']);
    expect(items[1]).toMatchObject({
      name: 'Pro',
      monthly_price: 35,
      annual_price: 290,
      markup_percent: 10,
      limits: { max_running_pods: 10, api_keys: 20, seats: 5, spot_access: true },
      purchasable: true,
    });
    expect(items[0]).toMatchObject({ monthly_price: 0, markup_percent: 15, limits: { spot_access: false } });
  });
});

describe('cards (Stripe test numbers)', () => {
  it('refuses the declining test cards with Stripe’s messages (402 payment_failed)', async () => {
    const cases: Array<[string, string, string]> = [
      ['4000 0000 0000 0002', 'card_declined', 'Your card was declined.'],
      ['4000000000009995', 'insufficient_funds', 'Your card has insufficient funds.'],
      ['4000-0000-0000-0069', 'expired_card', 'Your card has expired.'],
      ['4242424242424241', 'incorrect_number', 'Your card number is incorrect.'],
      ['4111111111111111', 'live_card_in_test_mode', 'Your card was declined. Your request was in test mode'],
    ];
    for (const [number, code, message] of cases) {
      const res = await addCard(number);
      expect(res.statusCode, number).toBe(402);
      expect(res.json()).toMatchObject({ code: 'payment_failed', decline_code: code });
      expect(res.json().detail).toContain(message);
    }
    const expired = await addCard('4242424242424242', { exp_month: 10, exp_year: 2026 });
    expect(expired.json()).toMatchObject({ code: 'payment_failed', decline_code: 'expired_card' });
    const cvc = await addCard('378282246310005', { exp_month: 1, exp_year: 2031 }, '123');
    expect(cvc.json()).toMatchObject({ code: 'payment_failed', decline_code: 'incorrect_cvc' });
    expect((await call('GET', '/billing/payment-methods')).json().items).toEqual([]);
  });

  it('saves 4242 as the default card; the setup intent says sandbox', async () => {
    const intent = (await call('POST', '/billing/setup-intent')).json();
    expect(intent).toMatchObject({ mode: 'sandbox', publishable_key: null });
    expect(intent.client_secret).toMatch(/^seti_.+_secret_sandbox$/);
    const saved = await addCard('4242 4242 4242 4242');
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({
      brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: 2030,
      is_default: true,
    });
    const listed = (await call('GET', '/billing/payment-methods')).json();
    expect(listed.default_payment_method_id).toBe(saved.json().payment_method_id);
  });
});

describe('subscriptions', () => {
  let card: string;
  let failing: string;

  it('does not subscribe with a card whose charges fail; the user stays FREE', async () => {
    const saved = await addCard('4000000000000341');
    expect(saved.statusCode).toBe(201); // Stripe saves it; charging it fails
    failing = saved.json().payment_method_id;
    card = (await call('GET', '/billing/payment-methods'))
      .json()
      .items.find((c: { last4: string }) => c.last4 === '4242').payment_method_id;
    const res = await call('POST', '/billing/subscribe', {
      plan: 'pro',
      interval: 'month',
      payment_method_id: failing,
    });
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'payment_failed', detail: 'Your card was declined.' });
    expect((await call('GET', '/billing/subscription')).json()).toEqual({ plan: 'free', subscription: null });
  });

  it('subscribes once per Idempotency-Key, moves the plan and role, and invoices the period', async () => {
    const body = { plan: 'pro', interval: 'month', payment_method_id: card };
    const key = { 'idempotency-key': 'subscribe-pro-1' };
    const first = await call('POST', '/billing/subscribe', body, key);
    expect(first.statusCode, first.body).toBe(201);
    const sub = first.json().subscription;
    expect(sub).toMatchObject({
      plan: 'pro',
      interval: 'month',
      status: 'active',
      price: 35,
      cancel_at_period_end: false,
      current_period_start: '2026-11-10T12:00:00.000Z',
      current_period_end: '2026-12-10T12:00:00.000Z',
    });
    const replay = await call('POST', '/billing/subscribe', body, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    const other = await call('POST', '/billing/subscribe', { ...body, plan: 'enterprise' }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('idempotency_conflict');
    // The plan change cut off the tokens issued before it: a new sign-in carries the new role.
    await a.relogin();
    expect(await me()).toMatchObject({ role: 'pro', plan: 'pro' });
    const again = await call('POST', '/billing/subscribe', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().subscription.id).toBe(sub.id);

    const invoices = (await call('GET', '/billing/invoices')).json().items;
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ kind: 'subscription', status: 'paid', total: 35 });
  });

  it('changes plan with proration for the rest of the period', async () => {
    a.clock.advanceMs(15 * 86_400_000); // half of a 30-day period
    await a.relogin();
    const res = await call('POST', '/billing/subscribe', {
      plan: 'enterprise',
      interval: 'month',
      payment_method_id: card,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().subscription).toMatchObject({
      plan: 'enterprise',
      price: 199,
      current_period_end: '2026-12-10T12:00:00.000Z',
    });
    const [proration] = (await call('GET', '/billing/invoices')).json().items;
    // (199 − 35) × 15/30 days.
    expect(proration).toMatchObject({ kind: 'proration', status: 'paid', total: 82 });
    await a.relogin();
    expect(await me()).toMatchObject({ role: 'enterprise', plan: 'enterprise' });
  });

  it('renews at the period end, then cancels at the period end when asked', async () => {
    a.clock.set(Date.UTC(2026, 11, 10, 13, 0, 0));
    await a.t.modules.billing.sweep();
    await a.relogin();
    const renewed = (await call('GET', '/billing/subscription')).json().subscription;
    expect(renewed).toMatchObject({ status: 'active', current_period_end: '2027-01-10T12:00:00.000Z' });
    const [renewal] = (await call('GET', '/billing/invoices')).json().items;
    expect(renewal).toMatchObject({ kind: 'subscription', status: 'paid', total: 199 });

    const canceled = await call('POST', '/billing/subscription/cancel');
    expect(canceled.json().subscription.cancel_at_period_end).toBe(true);
    expect(
      (await call('POST', '/billing/subscription/resume')).json().subscription.cancel_at_period_end,
    ).toBe(false);
    await call('POST', '/billing/subscription/cancel');
    a.clock.set(Date.UTC(2027, 0, 10, 13, 0, 0));
    await a.t.modules.billing.sweep();
    await a.relogin();
    expect((await call('GET', '/billing/subscription')).json()).toEqual({ plan: 'free', subscription: null });
    expect(await me()).toMatchObject({ role: 'user', plan: 'free' });
    expect((await call('POST', '/billing/subscription/cancel')).statusCode).toBe(404);
  });
});
