import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferPriceEvent } from '../../src/modules/realtime/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signUp } from '../support/authz-matrix.js';
import { testRedisUrl } from '../support/services.js';
import { openSocket, type TestSocket, wsUrlOf } from '../support/ws-client.js';

// Two API instances of one POD on the real Redis and one database: a socket on one instance gets
// what the other publishes, seq is one sequence per channel whoever publishes, and a client that
// reconnects to the other instance resumes from Redis (streams) without a gap.
const redisUrl = testRedisUrl();
const podId = `rt-${Date.now().toString(36)}`;
const GPU = 'A100-80GB-SXM';
let a: TestApp;
let b: TestApp;
let urlA: string;
let urlB: string;
let token: string;
const sockets: TestSocket[] = [];

const price = (offer: string, usd: number): OfferPriceEvent => ({
  offer_id: offer,
  provider: 'vast',
  gpu_model: GPU,
  gpu_count: 1,
  region: 'eu-west',
  spot: false,
  price_per_hour: usd,
  previous_price_per_hour: null,
  availability: 'available',
  changed_at: new Date().toISOString(),
});
async function socket(url: string): Promise<TestSocket> {
  const s = await openSocket(url);
  sockets.push(s);
  s.send({ type: 'auth', token });
  await s.next((f) => f.type === 'authenticated');
  return s;
}
async function subscribe(s: TestSocket, channel: string, since?: number) {
  s.send({ type: 'subscribe', channel, ...(since === undefined ? {} : { since_seq: since }) });
  return (await s.next((f) => f.type === 'subscribed')).seq as number;
}

beforeAll(async () => {
  // One POD: one database, one Redis and one master key (B verifies the tokens A signs).
  const env = {
    REDIS_URL: redisUrl,
    GPUBROKER_POD_ID: podId,
    GPUBROKER_MASTER_KEY: randomBytes(32).toString('hex'),
  };
  a = await createTestApp({ env });
  b = await createTestApp({ env, database: a.database });
  urlA = wsUrlOf(await a.app.listen({ port: 0, host: '127.0.0.1' }));
  urlB = wsUrlOf(await b.app.listen({ port: 0, host: '127.0.0.1' }));
  token = await signUp(a.app, 'rt-two@example.com', 'realtime two instances');
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
  await b?.close();
  await a?.close();
});

describe('real time across two instances on one Redis', () => {
  it('uses the Redis bus', () => {
    expect(a.modules.realtime.bus.kind).toBe('redis');
    expect(b.modules.realtime.bus.kind).toBe('redis');
  });

  it('delivers to a socket on A what B publishes, in one seq order for both publishers', async () => {
    const channel = `prices:${GPU}`;
    const onA = await socket(urlA);
    const onB = await socket(urlB);
    const since = await subscribe(onA, channel);
    expect(await subscribe(onB, channel)).toBe(since);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).modules.realtime.publisher.publish(channel, price(`ofr_two_${i}`, 1 + i)),
      ),
    );
    const gotA = await onA.events(channel, 20);
    const gotB = await onB.events(channel, 20);
    const expected = Array.from({ length: 20 }, (_, i) => since + 1 + i);
    expect(gotA.map((e) => e.seq)).toEqual(expected);
    expect(gotB.map((e) => e.seq)).toEqual(expected);
    expect(gotA.map((e) => e.data)).toEqual(gotB.map((e) => e.data));
    expect(new Set(gotA.map((e) => (e.data as OfferPriceEvent).offer_id)).size).toBe(20);
  });

  it('resumes on B the 100 events missed after leaving A, in order', async () => {
    const channel = 'provider:vast';
    const first = await socket(urlA);
    const since = await subscribe(first, channel);
    await first.close();
    for (let i = 0; i < 100; i++)
      await (i < 50 ? a : b).modules.realtime.publisher.publish(channel, {
        provider: 'vast',
        status: 'healthy',
        circuit: 'closed',
        ok: true,
        received: i,
        inserted: 0,
        price_changes: 0,
        removed: 0,
        synced_at: new Date().toISOString(),
        error: null,
      });
    const again = await socket(urlB);
    again.send({ type: 'subscribe', channel, since_seq: since });
    const events = await again.events(channel, 100);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => since + 1 + i));
    expect(events.map((e) => (e.data as { received: number }).received)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(await again.next((f) => f.type === 'subscribed')).toMatchObject({ seq: since + 100 });
  });

  it('pushes an admin notification posted on B to an anonymous socket on A', async () => {
    const s = await openSocket(urlA);
    sockets.push(s);
    s.send({ type: 'subscribe', channel: 'system' });
    await s.next((f) => f.type === 'subscribed');
    await b.modules.realtime.publisher.publish('system', {
      id: 'evt_two',
      level: 'info',
      title: 'Hello',
      message: 'From B',
      created_at: new Date().toISOString(),
      expires_at: null,
    });
    const [e] = await s.events('system', 1);
    expect(e?.data).toMatchObject({ id: 'evt_two', message: 'From B' });
  });
});
