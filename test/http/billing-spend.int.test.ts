import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClockedApp, startClockedApp } from '../support/clocked-app.js';

// Spend caps and overdue payments, the two things Billing says about a deploy: a deploy that
// would take the month's projection over the user's cap is refused (422 budget_exceeded); the
// cap's 80 % and 100 % alerts are mailed once; an invoice left unpaid past the grace period
// refuses deploys (402 payment_failed) until it is paid.
let a: ClockedApp;
const call: ClockedApp['call'] = (...args) => a.call(...args);
const asAdmin: ClockedApp['asAdmin'] = (...args) => a.asAdmin(...args);
const subjects = async () => (await a.mailbox()).map((m) => m.subject);
let offerId = '';
async function deploy(name: string) {
  const draft = (await call('POST', '/pods/drafts', { name, offer_id: offerId, storage_gb: 10 })).json();
  return call('POST', `/pods/drafts/${draft.id}/deploy`);
}

beforeAll(async () => {
  a = await startClockedApp({
    start: Date.UTC(2026, 10, 20, 0, 0, 0),
    admin: { email: 'spend-admin@example.com', password: 'spend admin passphrase' },
    user: { email: 'spend-user@example.com', password: 'spend user passphrase' },
  });
  await a.setParameter('pods.sandbox.provision_delay_ms', 0);
  await a.setParameter('limits.max_running_pods.free', 5);
  await a.setParameter('billing.grace_period_days', 3);
  const csv =
    'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
    'spend-1x,A100,1,16,64,2,us-east-1,A100,\n';
  expect(
    (await asAdmin('POST', '/admin/catalog/import?provider=spend-cloud&format=skypilot', csv, 'text/csv'))
      .statusCode,
  ).toBe(200);
  offerId = (await call('GET', '/offers?provider=spend-cloud&limit=1')).json().items[0].id;
});
afterAll(async () => {
  await a?.close();
});

describe('spend cap', () => {
  it('refuses a deploy whose projected month spend would pass the cap; a raised cap lets it through', async () => {
    // $2/h + 15 % markup ≈ $2.30/h; 11 days (264 h) are left in the month: ≈ $608 projected.
    const capped = await call('PUT', '/billing/spend-cap', { monthly_limit: 500 });
    expect(capped.statusCode, capped.body).toBe(200);
    expect(capped.json().spend_cap).toEqual({ monthly_limit: 500, used_percent: 0, projected_percent: 0 });
    const refused = await deploy('over-cap');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('budget_exceeded');
    expect(refused.json().detail).toContain('above your monthly cap of $500.00');
    expect((await call('PUT', '/billing/spend-cap', { monthly_limit: -1 })).statusCode).toBe(422);

    await call('PUT', '/billing/spend-cap', { monthly_limit: 700 });
    const accepted = await deploy('under-cap');
    expect(accepted.statusCode, accepted.body).toBe(202);
    const podId = accepted.json().pod.id;
    await expect
      .poll(async () => (await call('GET', `/pods/${podId}`)).json().status, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('ready');
    await a.activate();
    await a.t.platform.events.relay.drain();
    const running = (await call('GET', '/billing/summary')).json();
    expect(running.hourly_rate).toBeGreaterThan(2.3);
    expect(running.projected_month).toBeGreaterThan(600);
    // A second pod would add the same again: refused.
    expect((await deploy('second')).json().code).toBe('budget_exceeded');
  });

  it('mails the 80 % and 100 % alerts once each', async () => {
    await call('PUT', '/billing/spend-cap', { monthly_limit: 10 });
    await a.advance(3 * 3_600); // ≈ $6.90: under 80 %
    await a.t.modules.billing.sweep();
    expect((await subjects()).filter((s) => s.includes('monthly GPU budget'))).toEqual([]);
    await a.advance(3_600); // ≈ $9.20: 92 %
    await a.t.modules.billing.sweep();
    await a.advance(1_800); // ≈ $10.35: over the cap
    await a.t.modules.billing.sweep();
    await a.t.modules.billing.sweep();
    const alerts = (await subjects()).filter((s) => s.includes('monthly GPU budget'));
    expect(alerts.sort()).toEqual([
      'You have used 100% of your monthly GPU budget',
      'You have used 80% of your monthly GPU budget',
    ]);
    const summary = (await call('GET', '/billing/summary')).json();
    expect(summary.spend_cap.used_percent).toBeGreaterThanOrEqual(100);
    await call('PUT', '/billing/spend-cap', { monthly_limit: null });
  });
});

describe('overdue payment', () => {
  it('refuses deploys once an unpaid invoice is past the grace period, until it is paid', async () => {
    for (const pod of (await call('GET', '/pods')).json().items as Array<{ id: string; status: string }>)
      if (pod.status !== 'terminated') await call('DELETE', `/pods/${pod.id}`);
    await a.t.platform.events.relay.drain();
    expect(await a.t.modules.billing.closeMonth(new Date(Date.UTC(2026, 10, 1)))).toEqual({ invoiced: 1 });
    const [invoice] = (await call('GET', '/billing/invoices')).json().items;
    expect(invoice).toMatchObject({ kind: 'period', status: 'open', failure_message: 'No card on file.' });
    const overdue = (await call('GET', '/billing/summary')).json().payment;
    expect(overdue.open_invoices).toBe(1);
    expect(overdue.overdue_since).not.toBeNull();

    expect((await deploy('within-grace')).statusCode).toBe(202); // inside the 3 days of grace
    await a.advance(3 * 86_400);
    const blocked = await deploy('after-grace');
    expect(blocked.statusCode).toBe(402);
    expect(blocked.json().code).toBe('payment_failed');

    expect((await call('POST', `/billing/invoices/${invoice.id}/pay`)).json().code).toBe('payment_failed');
    await call('POST', '/billing/payment-methods', {
      card_number: '4242424242424242',
      exp_month: 1,
      exp_year: 2031,
      cvc: '123',
    });
    const paid = await call('POST', `/billing/invoices/${invoice.id}/pay`);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', failure_message: null });
    expect((await call('GET', '/billing/summary')).json().payment).toEqual({
      overdue_since: null,
      deploys_blocked_from: null,
      open_invoices: 0,
    });
    expect((await deploy('paid-up')).statusCode).toBe(202);
  });
});
