import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../support/authz-matrix.js';
import { invoiceJson, subscriptionJson } from '../support/fake-stripe/json.js';
import { addInterval } from '../support/fake-stripe/store.js';
import { parseMail } from '../support/smtp-sink.js';
import {
  ALICE,
  type BillingLive,
  sign,
  startBillingLive,
  stripeEvent,
  webhook,
} from './billing-live-setup.js';

// Stripe's webhooks in LIVE (billing-live-setup.ts): signed events about Alice's pro subscription,
// sent in order as Stripe would over its life — a failed renewal, its payment, changes, the end.
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHHRoPC5Hz0ZVv6K1UGnMKDc2ur4ayMHAzRxhvHNo2nw bill@test';
const RENEWAL = 'in_1RenewalBillingLive01';
let b: BillingLive;
let alice: string;
let subId: string;

const send = async (payload: string, signature = sign(payload)) => webhook(b.t.app, payload, signature);
const get = async (url: string) => {
  const res = await b.call(alice, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const invoiceRow = async (externalId: string) =>
  (await get('/billing/invoices')).items.find((i: { hosted_url: string }) =>
    i.hosted_url.endsWith(externalId),
  );
const failureMails = () =>
  b.sink.received
    .map((m) => ({ to: m.envelopeTo, ...parseMail(m.raw) }))
    .filter((m) => m.to.includes(ALICE.email) && /^Payment failed/.test(m.headers.subject ?? ''));

/**
 * Stripe's invoice object for Alice's subscription, after a charge attempt: the invoice of its
 * first period (`id` undefined) or a renewal Stripe made on its own at the period's end — which,
 * as Stripe does for a cycle invoice, has `period_start`/`period_end` looking back one period and
 * the new service period on its line.
 */
function subscriptionInvoice(status: 'open' | 'paid', renewalId?: string) {
  const sub = b.fake.store.subscription(subId);
  const base = invoiceJson(b.fake.store.invoice(sub.latestInvoice!), b.fake.url);
  const id = renewalId ?? (base.id as string);
  const total = base.total as number;
  const now = Math.floor(Date.now() / 1000);
  const next = { start: sub.periodEnd, end: addInterval(sub.periodEnd, 'month') };
  return {
    ...base,
    id,
    status,
    attempt_count: 1,
    attempted: true,
    amount_paid: status === 'paid' ? total : 0,
    amount_remaining: status === 'paid' ? 0 : total,
    hosted_invoice_url: `${b.fake.url}/i/${id}`,
    invoice_pdf: `${b.fake.url}/i/${id}/pdf`,
    last_finalization_error: null,
    next_payment_attempt: status === 'paid' ? null : now + 3 * 86_400,
    status_transitions: { finalized_at: now, paid_at: status === 'paid' ? now : null },
    ...(renewalId
      ? {
          number: 'FAKE-0100',
          billing_reason: 'subscription_cycle',
          period_start: sub.periodStart,
          period_end: sub.periodEnd,
          lines: {
            object: 'list',
            has_more: false,
            url: `/v1/invoices/${id}/lines`,
            data: [
              {
                id: 'il_1RenewalBillingLive01',
                object: 'line_item',
                amount: total,
                currency: 'usd',
                description: '1 × Pro (at $29.00 / month)',
                metadata: {},
                period: next,
              },
            ],
          },
        }
      : { period_start: sub.created, period_end: sub.created }),
  };
}
const subscriptionObject = (changes: object) => ({
  ...subscriptionJson(b.fake.store, b.fake.store.subscription(subId), b.fake.url, []),
  ...changes,
});

beforeAll(async () => {
  b = await startBillingLive();
  alice = (await logIn(b.t.app, ALICE.email, ALICE.password)).access_token;
  expect((await b.call(alice, 'POST', '/billing/setup-intent')).statusCode).toBe(200);
  const pm = b.fake.attachTestCard(b.customerOf(b.ids.alice)!.id, { brand: 'visa', last4: '4242' });
  expect(
    (await b.call(alice, 'POST', '/billing/payment-methods', { payment_method_id: pm })).statusCode,
  ).toBe(201);
  const sub = await b.call(alice, 'POST', '/billing/subscribe', {
    plan: 'pro',
    interval: 'month',
    payment_method_id: pm,
  });
  expect(sub.statusCode, sub.body).toBe(201);
  subId = sub.json().subscription.id;
  // The plan change ends the sessions issued before it.
  alice = (await logIn(b.t.app, ALICE.email, ALICE.password)).access_token;
});
afterAll(() => b?.close());

describe('Stripe webhooks in LIVE', () => {
  it('a failed renewal is an open invoice, mailed, and blocks deploys; invoice.paid clears it', async () => {
    await b.setLive('billing.grace_period_days', 0);
    const failed = stripeEvent('invoice.payment_failed', subscriptionInvoice('open', RENEWAL));
    const failedSignature = sign(failed);
    const res = await send(failed, failedSignature);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: true, duplicate: false });

    const open = await invoiceRow(RENEWAL);
    expect(open).toMatchObject({
      kind: 'subscription',
      status: 'open',
      total: 29,
      failure_message: 'The card was declined.',
      paid_at: null,
    });
    expect(failureMails().map((m) => m.headers.subject)).toEqual([
      `Payment failed for invoice ${open.number}`,
    ]);
    expect(failureMails()[0]?.text).toContain('The card was declined.');
    const overdue = (await get('/billing/summary')).payment;
    expect(overdue.overdue_since).toEqual(expect.any(String));
    expect(overdue).toMatchObject({ deploys_blocked_from: overdue.overdue_since, open_invoices: 1 });

    const offer = (await get('/offers?provider=lambda&available=true&limit=1')).items[0];
    const draft = await b.call(alice, 'POST', '/pods/drafts', {
      name: 'billing-live-1',
      offer_id: offer.id,
      ssh_public_key: KEY,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const deploy = await b.call(alice, 'POST', `/pods/drafts/${draft.json().id}/deploy`);
    expect(deploy.statusCode, deploy.body).toBe(402);
    expect(deploy.json().code).toBe('payment_failed');

    const paid = stripeEvent('invoice.paid', subscriptionInvoice('paid', RENEWAL));
    expect((await send(paid)).json()).toEqual({ received: true, duplicate: false });
    expect(await invoiceRow(RENEWAL)).toMatchObject({ status: 'paid', failure_message: null, total: 29 });
    expect((await invoiceRow(RENEWAL)).paid_at).toEqual(expect.any(String));
    expect((await get('/billing/summary')).payment).toEqual({
      overdue_since: null,
      deploys_blocked_from: null,
      open_invoices: 0,
    });

    // Stripe delivers the failure again (same event, same signature): acknowledged, not applied.
    const replay = await send(failed, failedSignature);
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toEqual({ received: true, duplicate: true });
    expect((await invoiceRow(RENEWAL)).status).toBe('paid');
    expect((await get('/billing/summary')).payment.overdue_since).toBeNull();
    expect(failureMails()).toHaveLength(1);
  });

  it('a payment_failed arriving after the invoice was paid does not reopen it', async () => {
    // Stripe does not deliver events in order: a failed attempt's event may come after invoice.paid.
    const first = b.fake.store.subscription(subId).latestInvoice!;
    const mails = failureMails().length;
    const late = await send(stripeEvent('invoice.payment_failed', subscriptionInvoice('open')));
    expect(late.statusCode, late.body).toBe(200);
    expect(await invoiceRow(first)).toMatchObject({ status: 'paid', failure_message: null });
    expect((await get('/billing/summary')).payment).toMatchObject({ overdue_since: null, open_invoices: 0 });
    expect(failureMails()).toHaveLength(mails);
  });

  it('refuses forged, tampered, stale and unsigned events with 400, changing nothing', async () => {
    const payload = stripeEvent('customer.subscription.deleted', subscriptionObject({ status: 'canceled' }));
    const at = payload.indexOf('canceled');
    const tampered = `${payload.slice(0, at)}C${payload.slice(at + 1)}`;
    const attempts = {
      forged: await send(payload, sign(payload, 'whsec_someoneelse0123456789')),
      tampered: await send(tampered, sign(payload)),
      stale: await send(payload, sign(payload, undefined, Math.floor(Date.now() / 1000) - 301)),
      unsigned: await webhook(b.t.app, payload, undefined),
    };
    for (const [name, res] of Object.entries(attempts)) {
      expect(res.statusCode, `${name}: ${res.body}`).toBe(400);
      expect(res.json().code, name).toBe('bad_request');
    }
    expect(attempts.stale.json().detail).toMatch(/tolerance/);
    expect(attempts.unsigned.json().detail).toMatch(/Missing Stripe-Signature/);
    expect(await get('/billing/subscription')).toMatchObject({
      plan: 'pro',
      subscription: { status: 'active' },
    });
  });

  it('reflects customer.subscription.updated: cancel at period end, then past due', async () => {
    // Changed at Stripe (the customer portal, a failed renewal), then told by the event.
    const atStripe = b.fake.store.subscription(subId);
    atStripe.cancelAtPeriodEnd = true;
    const cancel = stripeEvent(
      'customer.subscription.updated',
      subscriptionObject({ cancel_at: atStripe.periodEnd }),
      { cancel_at_period_end: false, cancel_at: null },
    );
    expect((await send(cancel)).json()).toEqual({ received: true, duplicate: false });
    expect(await get('/billing/subscription')).toMatchObject({
      plan: 'pro',
      subscription: { id: subId, status: 'active', cancel_at_period_end: true },
    });

    atStripe.status = 'past_due';
    const pastDue = stripeEvent(
      'customer.subscription.updated',
      subscriptionObject({ cancel_at: atStripe.periodEnd }),
      { status: 'active' },
    );
    expect((await send(pastDue)).statusCode).toBe(200);
    expect(await get('/billing/subscription')).toMatchObject({
      plan: 'pro',
      subscription: { id: subId, status: 'past_due', cancel_at_period_end: true },
    });
  });

  it('customer.subscription.deleted puts the user back on FREE with the user role', async () => {
    const now = Math.floor(Date.now() / 1000);
    b.fake.store.subscription(subId).status = 'canceled';
    const ended = subscriptionObject({ canceled_at: now, ended_at: now });
    const res = await send(stripeEvent('customer.subscription.deleted', ended));
    expect(res.statusCode, res.body).toBe(200);
    const session = await logIn(b.t.app, ALICE.email, ALICE.password);
    alice = session.access_token;
    expect(await get('/billing/subscription')).toEqual({ plan: 'free', subscription: null });
    expect(await get('/me')).toMatchObject({ role: 'user', plan: 'free' });
  });
  it('setup_intent.succeeded saves the confirmed card as the default (the browser may never come back)', async () => {
    const customer = b.customerOf(b.ids.alice)!;
    const pm = b.fake.attachTestCard(customer.id, { brand: 'mastercard', last4: '4444' });
    const intent = {
      id: 'seti_1WebhookCard',
      object: 'setup_intent',
      customer: customer.id,
      payment_method: pm,
      status: 'succeeded',
    };
    const payload = stripeEvent('setup_intent.succeeded', intent);
    expect((await send(payload)).statusCode).toBe(200);
    expect((await send(payload)).json()).toEqual({ received: true, duplicate: true });
    const cards = await get('/billing/payment-methods');
    expect(cards.default_payment_method_id).toBe(pm);
    expect(cards.items.filter((c: { last4: string }) => c.last4 === '4444')).toEqual([
      expect.objectContaining({ payment_method_id: pm, brand: 'mastercard', is_default: true }),
    ]);
  });
});
