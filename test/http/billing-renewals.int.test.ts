import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClockedApp, startClockedApp } from '../support/clocked-app.js';

// What Stripe does for LIVE subscriptions, the sandbox does itself: a renewal whose card fails
// leaves the subscription past due with an open invoice, mailed; the charge is retried on
// `billing.retry_schedule_days`; paying it (a new card, "Pay now") makes the subscription active
// again; once every retry has failed the subscription is unpaid and the user is back on FREE.
let a: ClockedApp;
const DAY = 86_400;
const call: ClockedApp['call'] = (...args) => a.call(...args);
const card = async (number: string) =>
  (
    await call('POST', '/billing/payment-methods', {
      card_number: number,
      exp_month: 1,
      exp_year: 2031,
      cvc: '123',
    })
  ).json().payment_method_id as string;
const subscription = async () => (await call('GET', '/billing/subscription')).json();
const openInvoices = async () =>
  (
    (await call('GET', '/billing/invoices')).json().items as Array<{
      id: string;
      status: string;
      next_attempt_at: string | null;
    }>
  ).filter((i) => i.status === 'open');
/** Moves the clock and runs the sweep (renewals, retries), as the cron would. */
async function sweepAfter(days: number) {
  await a.advance(days * DAY);
  await a.t.modules.billing.sweep();
  await a.relogin();
}

beforeAll(async () => {
  a = await startClockedApp({
    start: Date.UTC(2026, 10, 1, 9, 0, 0),
    admin: { email: 'renew-admin@example.com', password: 'renew admin passphrase' },
    user: { email: 'renew-user@example.com', password: 'renew user passphrase' },
  });
  await a.setParameter('billing.retry_schedule_days', ['1', '3']);
});
afterAll(async () => {
  await a?.close();
});

describe('SANDBOX renewals and payment retries', () => {
  it('retries a failed renewal on the schedule and reactivates once it is paid', async () => {
    const good = await card('4242424242424242');
    expect(
      (await call('POST', '/billing/subscribe', { plan: 'pro', interval: 'month', payment_method_id: good }))
        .statusCode,
    ).toBe(201);
    // The same plan with another card: nothing charged, the card changes (one that fails charges).
    const failing = await card('4000000000000341');
    const same = await call('POST', '/billing/subscribe', {
      plan: 'pro',
      interval: 'month',
      payment_method_id: failing,
    });
    expect(same.statusCode).toBe(200);
    expect(same.json().subscription.payment_method_id).toBe(failing);

    await sweepAfter(31); // past 1 Dec: the renewal fails
    expect((await subscription()).subscription).toMatchObject({ status: 'past_due', plan: 'pro' });
    const [open] = await openInvoices();
    expect(open).toMatchObject({ status: 'open', next_attempt_at: '2026-12-03T09:00:00.000Z' });
    expect((await a.mailbox()).map((m) => m.subject)).toContain(
      `Payment failed for invoice ${(await call('GET', `/billing/invoices/${open!.id}`)).json().number}`,
    );
    await sweepAfter(1); // the first retry: fails again, the next one 3 days on
    expect((await openInvoices())[0]?.next_attempt_at).toBe('2026-12-06T09:00:00.000Z');

    await card('4242424242424242'); // a new default card, then "Pay now"
    const paid = await call('POST', `/billing/invoices/${open!.id}/pay`);
    expect(paid.statusCode, paid.body).toBe(200);
    await a.t.modules.billing.sweep();
    expect((await subscription()).subscription).toMatchObject({ status: 'active', plan: 'pro' });
    expect((await call('GET', '/billing/summary')).json().payment.overdue_since).toBeNull();
  });

  it('drops the user to FREE once every retry has failed', async () => {
    const failing = (await call('GET', '/billing/payment-methods'))
      .json()
      .items.find((c: { last4: string }) => c.last4 === '0341').payment_method_id;
    await call('POST', '/billing/subscribe', { plan: 'pro', interval: 'month', payment_method_id: failing });
    const periodEnd = new Date((await subscription()).subscription.current_period_end).getTime();
    await sweepAfter(Math.ceil((periodEnd - a.clock.nowMs()) / 1000 / DAY) + 1); // the renewal fails
    expect((await subscription()).subscription.status).toBe('past_due');
    await sweepAfter(1); // retry 1
    await sweepAfter(3); // retry 2: the schedule is spent
    expect(await subscription()).toEqual({
      plan: 'free',
      subscription: expect.objectContaining({ status: 'unpaid' }),
    });
    expect((await call('GET', '/me')).json()).toMatchObject({ plan: 'free', role: 'user' });
  });
});
