import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEvents } from '../../src/platform/events/index.js';
import { type ClockedApp, startClockedApp } from '../support/clocked-app.js';

// Per-second metering from pod usage events, with the injectable clock: a pod is billed for the
// seconds it spent in each status, at the price recorded at deploy (a later catalog price changes
// nothing), plus the plan's markup; replaying every usage event changes nothing.
let a: ClockedApp;
const call: ClockedApp['call'] = (...args) => a.call(...args);
const admin: ClockedApp['asAdmin'] = (...args) => a.asAdmin(...args);
const csv = (price: number) =>
  'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
  `meter-1x,H100,1,16,64,${price},us-east-1,H100,\n`;

beforeAll(async () => {
  a = await startClockedApp({
    start: Date.UTC(2026, 10, 10, 12, 0, 0),
    admin: { email: 'metering-admin@example.com', password: 'metering admin passphrase' },
    user: { email: 'metering-user@example.com', password: 'metering user passphrase' },
  });
  await a.setParameter('pods.sandbox.provision_delay_ms', 0);
  await a.setParameter('pods.storage_usd_per_gb_month', 0.1);
});
afterAll(async () => {
  await a?.close();
});

interface UsageRecord {
  status: string;
  seconds: number;
  price_per_hour: number;
  markup_percent: number;
  storage_per_hour: number;
  compute: number;
  markup: number;
  storage: number;
  amount: number;
}

describe('usage metering', () => {
  it('bills each second at the deploy-time price plus markup, and a replay of every event bills nothing more', async () => {
    expect(
      (
        await admin(
          'POST',
          '/admin/catalog/import?provider=meter-cloud&format=skypilot',
          csv(2.5),
          'text/csv',
        )
      ).statusCode,
    ).toBe(200);
    const [offer] = (await call('GET', '/offers?provider=meter-cloud&limit=1')).json().items;
    expect(offer.price_per_hour).toBe(2.5);
    const draft = (
      await call('POST', '/pods/drafts', { name: 'metered', offer_id: offer.id, storage_gb: 73 })
    ).json();
    const deployed = await call('POST', `/pods/drafts/${draft.id}/deploy`);
    expect(deployed.statusCode, deployed.body).toBe(202);
    const podId = deployed.json().pod.id as string;
    await expect
      .poll(async () => (await call('GET', `/pods/${podId}`)).json().status, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('ready');

    // The catalog price doubles after the deploy: the pod keeps the price it was deployed at.
    expect(
      (await admin('POST', '/admin/catalog/import?provider=meter-cloud&format=skypilot', csv(5), 'text/csv'))
        .statusCode,
    ).toBe(200);

    await a.advance(100); // ready: storage only
    await a.activate();
    await a.advance(1_234); // running
    expect((await call('POST', `/pods/${podId}/stop`)).statusCode).toBe(200);
    await a.advance(600); // stopped: storage only
    expect((await call('POST', `/pods/${podId}/start`)).statusCode).toBe(200);
    await a.advance(66); // running
    expect((await call('DELETE', `/pods/${podId}`)).statusCode).toBe(200);
    await a.advance(3_600); // terminated: nothing
    await a.t.platform.events.relay.drain();

    const usage = async () => ((await call('GET', '/billing/usage')).json().items as UsageRecord[]).reverse();
    const records = await usage();
    expect(records.map((r) => [r.status, r.seconds])).toEqual([
      ['ready', 100],
      ['running', 1_234],
      ['stopped', 600],
      ['running', 66],
    ]);
    // FREE plan: 15 % markup; 73 GB × $0.10 per GB-month / 730 h = $0.01 per hour of storage.
    for (const r of records)
      expect(r).toMatchObject({ price_per_hour: 2.5, markup_percent: 15, storage_per_hour: 0.01 });
    const micros = (perHour: number, seconds: number) => Math.round((perHour * 1e6 * seconds) / 3_600) / 1e6;
    expect(records[1]).toMatchObject({
      compute: micros(2.5, 1_234),
      markup: micros(0.375, 1_234),
      storage: micros(0.01, 1_234),
    });
    expect(records[0]).toMatchObject({
      compute: 0,
      markup: 0,
      storage: micros(0.01, 100),
      amount: micros(0.01, 100),
    });
    const total = (rs: UsageRecord[]) => Math.round(rs.reduce((s, r) => s + r.amount * 1e6, 0));
    const expected =
      Math.round(micros(2.5, 1_300) * 1e6) +
      Math.round(micros(0.375, 1_300) * 1e6) +
      Math.round(micros(0.01, 2_000) * 1e6);
    expect(Math.abs(total(records) - expected)).toBeLessThanOrEqual(4); // per-record rounding to the micro-dollar

    // Paging and ranges: one record a page, in order; a reversed range or a foreign cursor is refused.
    const page1 = (await call('GET', '/billing/usage?limit=1')).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (await call('GET', `/billing/usage?limit=1&cursor=${page1.next_cursor}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    expect(
      (await call('GET', '/billing/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z')).json().items,
    ).toHaveLength(4);
    expect(
      (await call('GET', '/billing/usage?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z')).json().items,
    ).toEqual([]);
    const reversed = await call('GET', '/billing/usage?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(reversed.statusCode).toBe(422);
    expect((await call('GET', '/billing/usage?cursor=not-a-cursor')).statusCode).toBe(400);
    expect((await call('GET', '/billing/invoices/inv_nope')).statusCode).toBe(404);

    const summary = (await call('GET', '/billing/summary')).json();
    expect(summary.month_to_date).toBe(Math.round(total(records) / 1e4) / 100);
    expect(summary.projected_month).toBe(summary.month_to_date); // nothing runs any more
    expect(summary.breakdown.by_pod).toEqual([
      { pod_id: podId, pod_name: 'metered', amount: summary.month_to_date },
    ]);
    expect(summary.breakdown.by_provider).toEqual([
      { provider: 'meter-cloud', amount: summary.month_to_date },
    ]);
    expect((await call('GET', '/dashboard')).json().spend.month_to_date).toBeCloseTo(
      summary.month_to_date,
      2,
    );

    // Replay every usage event of the pod, as a relay would after a crash between deliver and mark.
    const events = await a.t.database.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.topic, 'pod.usage'), eq(outboxEvents.key, podId)))
      .orderBy(asc(outboxEvents.id));
    expect(events.map((e) => (e.payload as { status: string }).status)).toEqual([
      'ready',
      'running',
      'stopped',
      'running',
      'terminated',
    ]);
    // Five relays at once (real concurrency on PostgreSQL): each event is still metered once.
    const replay = events.map((e) => ({
      id: e.id,
      topic: e.topic,
      key: e.key,
      payload: e.payload,
      headers: e.headers,
      createdAt: e.createdAt,
    }));
    await Promise.all(Array.from({ length: 5 }, () => a.t.platform.events.transport.deliver(replay)));
    expect(await usage()).toEqual(records);
  });

  it('closes the month into an invoice (usage lines per pod), once, and mails it', async () => {
    const monthStart = new Date(Date.UTC(2026, 10, 1));
    expect(await a.t.modules.billing.closeMonth(monthStart)).toEqual({ invoiced: 1 });
    expect(await a.t.modules.billing.closeMonth(monthStart)).toEqual({ invoiced: 0 });
    const invoices = (await call('GET', '/billing/invoices')).json().items;
    expect(invoices).toHaveLength(1);
    const summary = (await call('GET', '/billing/summary')).json();
    expect(invoices[0]).toMatchObject({ kind: 'period', status: 'open', total: summary.month_to_date });
    const detail = (await call('GET', `/billing/invoices/${invoices[0].id}`)).json();
    expect(
      detail.lines.map((l: { description: string; quantity: number }) => [l.description, l.quantity]),
    ).toEqual([
      ['metered: 1× H100-80GB-SXM on meter-cloud, running', 1_300],
      ['metered: storage', 2_000],
    ]);
    expect(detail.failure_message).toBe('No card on file.');
    const html = await call('GET', `/billing/invoices/${invoices[0].id}/html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain(detail.number);
    expect(html.body).toContain('metered: storage');
    const mails = (await a.mailbox()) as Array<{
      subject: string;
    }>;
    expect(mails.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        'Your GPUBROKER invoice for 2026-11',
        `Payment failed for invoice ${detail.number}`,
      ]),
    );
  });
});
