import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfferPriceEvent } from '../../src/modules/realtime/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { logIn, signUp } from '../support/authz-matrix.js';
import { type Frame, openSocket, type TestSocket, wsUrlOf } from '../support/ws-client.js';

// `/api/v2/ws` over real sockets on a listening server (API.md § Real time): auth, the four
// channel kinds and who may follow them, seq and resume, resync, coalescing, and the limits.
const ADMIN = { email: 'rt-admin@example.com', password: 'realtime admin passphrase' };
const GPU = 'H100-80GB-SXM';
let t: TestApp;
let url: string;
let adminToken: string;
let token: string;
const sockets: TestSocket[] = [];

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, bearer: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v2${path}`,
    headers: { authorization: `Bearer ${bearer}` },
    ...(payload ? { payload } : {}),
  });
const setParameter = async (key: string, value: unknown) => {
  const res = await call('PUT', `/config/pods/local/parameters/${key}`, adminToken, { sandbox_value: value });
  expect(res.statusCode, res.body).toBe(200);
};
async function socket(auth?: string): Promise<TestSocket> {
  const s = await openSocket(url);
  sockets.push(s);
  if (auth) {
    s.send({ type: 'auth', token: auth });
    await s.next((f) => f.type === 'authenticated');
  }
  return s;
}
async function subscribe(s: TestSocket, channel: string, since?: number): Promise<Frame> {
  s.send({ type: 'subscribe', channel, ...(since === undefined ? {} : { since_seq: since }) });
  return s.next((f) => (f.type === 'subscribed' || f.type === 'error') && f.channel === channel);
}
const price = (offer: string, usd: number): OfferPriceEvent => ({
  offer_id: offer,
  provider: 'lambda',
  gpu_model: GPU,
  gpu_count: 1,
  region: 'us-east-1',
  spot: false,
  price_per_hour: usd,
  previous_price_per_hour: null,
  availability: 'available',
  changed_at: new Date().toISOString(),
});

beforeAll(async () => {
  t = await createTestApp({
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  url = wsUrlOf(await t.app.listen({ port: 0, host: '127.0.0.1' }));
  adminToken = (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token;
  token = await signUp(t.app, 'rt-user@example.com', 'realtime user passphrase');
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
  await t?.close();
});

describe('authentication', () => {
  it('lets an anonymous socket follow system only, and pushes admin notifications to it', async () => {
    const s = await socket();
    expect(await subscribe(s, `prices:${GPU}`)).toMatchObject({ type: 'error', code: 'unauthorized' });
    const ack = await subscribe(s, 'system');
    expect(ack).toMatchObject({ type: 'subscribed', channel: 'system', seq: expect.any(Number) });
    const sent = await call('POST', '/admin/notifications', adminToken, {
      level: 'warning',
      title: 'Maintenance',
      message: 'Provisioning pauses at 22:00 UTC for 10 minutes.',
    });
    expect(sent.statusCode, sent.body).toBe(202);
    const event = await s.next((f) => f.type === 'event');
    expect(event).toEqual({
      type: 'event',
      channel: 'system',
      seq: (ack.seq as number) + 1,
      data: {
        id: sent.json().id,
        level: 'warning',
        title: 'Maintenance',
        message: 'Provisioning pauses at 22:00 UTC for 10 minutes.',
        created_at: sent.json().created_at,
        expires_at: null,
      },
    });
    expect(sent.json().seq).toBe(event.seq);
  });

  it('refuses notifications from non-admins and with a past expiry', async () => {
    const body = { title: 'x', message: 'y' };
    expect((await call('POST', '/admin/notifications', token, body)).statusCode).toBe(403);
    const past = await call('POST', '/admin/notifications', adminToken, {
      ...body,
      expires_at: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(422);
  });

  it('accepts an access token (with its expiry) and an API key (none)', async () => {
    const s = await socket();
    s.send({ type: 'auth', token });
    const ok = await s.next();
    expect(ok).toMatchObject({ type: 'authenticated', role: 'user', expires_at: expect.any(String) });
    const left = Date.parse(ok.expires_at as string) - Date.now();
    expect(left).toBeGreaterThan(10 * 60_000);
    expect(left).toBeLessThanOrEqual(15 * 60_000);

    const key = await call('POST', '/api-keys', token, { name: 'realtime' });
    expect(key.statusCode, key.body).toBe(201);
    const k = await socket();
    k.send({ type: 'auth', token: key.json().key });
    expect(await k.next()).toMatchObject({ type: 'authenticated', expires_at: null });
  });

  it('closes with 4001 on a bad credential', async () => {
    const s = await socket();
    s.send({ type: 'auth', token: 'not-a-token' });
    expect(await s.next()).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect((await s.closed).code).toBe(4001);
  });

  it('closes a socket that neither authenticates nor follows system within the timeout', async () => {
    await setParameter('realtime.auth_timeout_seconds', 1);
    try {
      const idle = await socket();
      const listener = await socket();
      await subscribe(listener, 'system');
      expect(await idle.closed).toEqual({
        code: 4001,
        reason: expect.stringContaining('authentication timeout'),
      });
      listener.send({ type: 'ping' });
      expect(await listener.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
    } finally {
      await setParameter('realtime.auth_timeout_seconds', 10);
    }
  });

  it('answers malformed messages with bad_request and keeps the connection', async () => {
    const s = await socket(token);
    s.ws.send('not json');
    expect(await s.next()).toMatchObject({ type: 'error', code: 'bad_request' });
    s.send({ type: 'subscribe' });
    expect(await s.next()).toMatchObject({ type: 'error', code: 'bad_request' });
    s.send({ type: 'subscribe', channel: 'prices:NOT-A-GPU' });
    expect(await s.next()).toMatchObject({
      type: 'error',
      code: 'unknown_channel',
      channel: 'prices:NOT-A-GPU',
    });
    s.send({ type: 'subscribe', channel: 'orders:1' });
    expect(await s.next()).toMatchObject({ type: 'error', code: 'unknown_channel' });
    s.send({ type: 'ping' });
    expect(await s.next()).toEqual({ type: 'pong' });
  });
});

describe('price channels', () => {
  it('push the offers a catalog sync changed', async () => {
    const s = await socket(token);
    await subscribe(s, `prices:${GPU}`);
    const p = await socket(token);
    await subscribe(p, 'provider:lambda');
    const report = await t.modules.catalog.sync.syncProvider('lambda', { fresh: true });
    expect(report.ok).toBe(true);
    const offers = (await call('GET', `/offers?gpu_model=${GPU}&provider=lambda&limit=100`, token)).json()
      .items as Array<{ id: string; price_per_hour: number }>;
    expect(offers.length).toBeGreaterThan(0);
    const events = await s.events(`prices:${GPU}`, offers.length);
    const byOffer = new Map(
      events.map((e) => [(e.data as OfferPriceEvent).offer_id, e.data as OfferPriceEvent]),
    );
    for (const o of offers)
      expect(byOffer.get(o.id)).toMatchObject({
        gpu_model: GPU,
        provider: 'lambda',
        price_per_hour: o.price_per_hour,
      });
    const [status] = await p.events('provider:lambda', 1);
    expect(status?.data).toMatchObject({
      provider: 'lambda',
      ok: true,
      status: 'healthy',
      received: report.received,
    });
  });

  it('coalesce a burst of one offer into the first and the last price', async () => {
    const s = await socket(token);
    await subscribe(s, `prices:${GPU}`);
    for (let i = 0; i < 50; i++)
      await t.modules.realtime.publisher.publish(`prices:${GPU}`, {
        ...price('ofr_burst', 2 + i / 100),
        previous_price_per_hour: 1.99 + i / 100,
      });
    const [first, last] = await s.events(`prices:${GPU}`, 2);
    expect(first?.data).toMatchObject({ offer_id: 'ofr_burst', price_per_hour: 2 });
    expect(last?.data).toMatchObject({
      offer_id: 'ofr_burst',
      price_per_hour: 2.49,
      previous_price_per_hour: 2,
    });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(s.frames.filter((f) => f.type === 'event')).toHaveLength(2);
  });
});

describe('pod channels', () => {
  it("push a pod's status changes to its owner, and to nobody else", async () => {
    await t.modules.catalog.sync.syncProvider('lambda', { fresh: true });
    const [offer] = (
      await call('GET', '/offers?provider=lambda&available=true&sort=price&limit=1', token)
    ).json().items as Array<{ id: string }>;
    const draft = await call('POST', '/pods/drafts', token, { name: 'rt-pod', offer_id: offer!.id });
    expect(draft.statusCode, draft.body).toBe(201);
    const deployed = await call('POST', `/pods/drafts/${draft.json().id}/deploy`, token);
    expect(deployed.statusCode, deployed.body).toBe(202);
    const podId = deployed.json().pod.id as string;

    const stranger = await socket(await signUp(t.app, 'rt-other@example.com', 'realtime other passphrase'));
    expect(await subscribe(stranger, `pod:${podId}`)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await subscribe(stranger, 'pod:pod_00000000000000000000000000')).toMatchObject({
      code: 'forbidden',
    });
    const admin = await socket(adminToken);
    expect(await subscribe(admin, `pod:${podId}`)).toMatchObject({ code: 'forbidden' });

    // since_seq 0: everything the channel kept, so the changes before this subscription too.
    const owner = await socket(token);
    owner.send({ type: 'subscribe', channel: `pod:${podId}`, since_seq: 0 });
    const statuses: string[] = [];
    while (!statuses.includes('ready')) {
      const [e] = (await owner.events(`pod:${podId}`, 1, 20_000)) as [Frame];
      expect(e.seq).toBe(statuses.length + 1);
      expect(e.data).toMatchObject({ pod_id: podId, event_id: expect.stringMatching(/^evt_/) });
      statuses.push((e.data as { status: string }).status);
    }
    expect(statuses).toEqual(['provisioning', 'ready']);
    expect(await call('DELETE', `/pods/${podId}`, token)).toMatchObject({ statusCode: 200 });
    const [gone] = await owner.events(`pod:${podId}`, 1);
    expect(gone?.data).toMatchObject({ previous_status: 'ready', status: 'terminated' });
  });
});

describe('resume', () => {
  it('replays the 100 events a client missed, in order, when it reconnects with since_seq', async () => {
    const channel = `prices:${GPU}`;
    const first = await socket(token);
    const { seq: since } = await subscribe(first, channel);
    await first.close();
    for (let i = 0; i < 100; i++)
      await t.modules.realtime.publisher.publish(channel, price(`ofr_resume_${i}`, 1 + i / 100));
    const again = await socket(token);
    again.send({ type: 'subscribe', channel, since_seq: since });
    const events = await again.events(channel, 100);
    expect(events.map((e) => e.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => (since as number) + 1 + i),
    );
    expect(events.map((e) => (e.data as OfferPriceEvent).offer_id)).toEqual(
      Array.from({ length: 100 }, (_, i) => `ofr_resume_${i}`),
    );
    // The acknowledgement follows the replay, then live events continue the sequence.
    expect(await again.next((f) => f.type === 'subscribed')).toMatchObject({ seq: (since as number) + 100 });
    await t.modules.realtime.publisher.publish(channel, price('ofr_resume_live', 3));
    const [live] = await again.events(channel, 1);
    expect(live?.seq).toBe((since as number) + 101);
  });

  it('sends resync when the gap is older than the replay buffer', async () => {
    await setParameter('realtime.replay_buffer_size', 10);
    try {
      const s = await socket(token);
      const { seq: since } = await subscribe(s, 'provider:runpod');
      await s.close();
      for (let i = 0; i < 25; i++)
        await t.modules.realtime.publisher.publish('provider:runpod', {
          provider: 'runpod',
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
      const again = await socket(token);
      again.send({ type: 'subscribe', channel: 'provider:runpod', since_seq: since });
      expect(await again.next()).toEqual({
        type: 'resync',
        channel: 'provider:runpod',
        seq: (since as number) + 25,
      });
      expect(await again.next()).toEqual({
        type: 'subscribed',
        channel: 'provider:runpod',
        seq: (since as number) + 25,
      });
    } finally {
      await setParameter('realtime.replay_buffer_size', 1000);
    }
  });
});

describe('limits', () => {
  it('rate-limits a chatty client, then drops it with 4029', async () => {
    const s = await socket(token);
    for (let i = 0; i < 200; i++) s.send({ type: 'ping' });
    expect(await s.next((f) => f.type === 'error')).toMatchObject({ code: 'rate_limited' });
    expect((await s.closed).code).toBe(4029);
  });

  it('drops a client that stops reading with 4008, not the server', async () => {
    await setParameter('realtime.max_buffered_kib', 16);
    try {
      const s = await socket(token);
      await subscribe(s, 'system');
      // The client stops reading: the kernel buffers fill, then the server's queue.
      (s.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      const big = 'x'.repeat(1_900);
      for (let i = 0; i < 3_000; i++)
        await t.modules.realtime.bus.publish('system', {
          id: `n${i}`,
          level: 'info',
          title: 't',
          message: big,
        });
      (s.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      const { code } = await s.closed;
      expect(code).toBe(4008);
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(
        /gpubroker_realtime_disconnects_total\{reason="slow_consumer"[^}]*\} [1-9]/,
      );
    } finally {
      await setParameter('realtime.max_buffered_kib', 1024);
    }
  });

  it('closes the sockets of an API key once it is revoked', async () => {
    await setParameter('realtime.heartbeat_interval_seconds', 1);
    await setParameter('realtime.revalidate_seconds', 5);
    try {
      const key = (await call('POST', '/api-keys', token, { name: 'revoked-soon' })).json();
      const s = await socket(key.key);
      await subscribe(s, `prices:${GPU}`);
      expect((await call('DELETE', `/api-keys/${key.id}`, token)).statusCode).toBe(204);
      expect(await s.next((f) => f.type === 'error', 15_000)).toMatchObject({ code: 'unauthorized' });
      expect(await s.closed).toEqual({ code: 4001, reason: 'credential revoked' });
    } finally {
      await setParameter('realtime.heartbeat_interval_seconds', 30);
      await setParameter('realtime.revalidate_seconds', 60);
    }
  });

  it('terminates a peer that stops answering pings', async () => {
    await setParameter('realtime.heartbeat_interval_seconds', 1);
    try {
      const s = await openSocket(url, { autoPong: false });
      sockets.push(s);
      s.send({ type: 'auth', token });
      await s.next((f) => f.type === 'authenticated');
      const { code } = await s.closed;
      expect(code).toBe(1006);
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/gpubroker_realtime_disconnects_total\{reason="dead_peer"[^}]*\} [1-9]/);
    } finally {
      await setParameter('realtime.heartbeat_interval_seconds', 30);
    }
  });
});
