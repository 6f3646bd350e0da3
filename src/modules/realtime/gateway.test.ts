import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, type TestSocket } from '../../../test/support/ws-client.js';
import type { Principal } from '../identity/index.js';
import type { RealtimeBus } from './bus.port.js';
import { createChannelAccess } from './channel-access.js';
import { createGateway, type Gateway, type GatewayLimits } from './gateway.js';
import { createMemoryBus } from './memory.bus.js';

// The gateway on its own, over real sockets: credentials whose expiry the test chooses, re-auth,
// and a pub/sub that loses a message (the channel fills the gap from the replay buffer).
const limits: GatewayLimits = {
  authTimeoutMs: 5_000,
  heartbeatMs: 30_000,
  revalidateMs: 60_000,
  maxBufferedBytes: 1 << 20,
  maxPendingEvents: 1_000,
  messagesPerSecond: 50,
  maxSubscriptions: 3,
};
const users: Record<string, { principal: Principal; ttlMs: number | null }> = {
  short: { principal: { userId: 'usr_a', role: 'user', plan: 'free' }, ttlMs: 400 },
  long: { principal: { userId: 'usr_a', role: 'user', plan: 'free' }, ttlMs: 60_000 },
  other: { principal: { userId: 'usr_b', role: 'user', plan: 'free' }, ttlMs: null },
  revocable: { principal: { userId: 'usr_c', role: 'user', plan: 'free' }, ttlMs: null },
};
const inner = createMemoryBus({ bufferSize: () => 100 });
/** The memory bus, with a switch that loses fan-out messages (as Redis pub/sub may on a reconnect). */
let losing = false;
const bus: RealtimeBus = {
  ...inner,
  subscribe: (channel, handler) => inner.subscribe(channel, (e) => (losing ? undefined : handler(e))),
};
let gateway: Gateway;
let app: FastifyInstance;
let url: string;
const sockets: TestSocket[] = [];
const open = async () => {
  const s = await openSocket(url);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  gateway = createGateway({
    bus,
    async verify(token) {
      const u = users[token];
      return u
        ? { principal: u.principal, expiresAtMs: u.ttlMs === null ? null : Date.now() + u.ttlMs }
        : null;
    },
    authorize: createChannelAccess({
      podOwner: async (id) => (id === 'pod_1' ? 'usr_a' : null),
      knownGpu: (m) => m === 'A100-80GB-SXM',
      knownProvider: (p) => p === 'lambda' || p === 'vast' || p === 'runpod',
    }),
    limits: () => limits,
    now: () => Date.now(),
    logger: { warn: () => undefined, debug: () => undefined },
  });
  app = Fastify();
  await app.register(websocket);
  app.get('/ws', { websocket: true }, (socket) => gateway.accept(socket));
  url = `${(await app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')}/ws`;
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
  await gateway.close();
  await app.close();
});

describe('gateway', () => {
  it('closes with 4002 when the access token expires', async () => {
    const s = await open();
    s.send({ type: 'auth', token: 'short' });
    expect(await s.next()).toMatchObject({ type: 'authenticated', user_id: 'usr_a' });
    expect(await s.closed).toEqual({ code: 4002, reason: expect.stringContaining('token expired') });
  });

  it('keeps a socket whose token is replaced before it expires, and refuses another user', async () => {
    const s = await open();
    s.send({ type: 'auth', token: 'short' });
    await s.next((f) => f.type === 'authenticated');
    s.send({ type: 'auth', token: 'long' });
    await s.next((f) => f.type === 'authenticated');
    s.send({ type: 'auth', token: 'other' });
    expect(await s.next()).toMatchObject({ type: 'error', code: 'forbidden' });
    await new Promise((r) => setTimeout(r, 600));
    s.send({ type: 'ping' });
    expect(await s.next()).toEqual({ type: 'pong' });
  });

  it('closes a socket whose credential was revoked, at the next check', async () => {
    limits.heartbeatMs = 100;
    limits.revalidateMs = 0;
    try {
      const kept = await open();
      kept.send({ type: 'auth', token: 'other' });
      await kept.next((f) => f.type === 'authenticated');
      const s = await open();
      s.send({ type: 'auth', token: 'revocable' });
      await s.next((f) => f.type === 'authenticated');
      delete users.revocable;
      expect(await s.next()).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect(await s.closed).toEqual({ code: 4001, reason: 'credential revoked' });
      kept.send({ type: 'ping' });
      expect(await kept.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
    } finally {
      limits.heartbeatMs = 30_000;
      limits.revalidateMs = 60_000;
    }
  });

  it('follows the owner rule on pod channels and caps subscriptions per connection', async () => {
    const s = await open();
    s.send({ type: 'auth', token: 'long' });
    await s.next((f) => f.type === 'authenticated');
    for (const channel of ['pod:pod_1', 'provider:lambda', 'provider:vast']) {
      s.send({ type: 'subscribe', channel });
      expect(await s.next()).toMatchObject({ type: 'subscribed', channel });
    }
    s.send({ type: 'subscribe', channel: 'provider:runpod' });
    expect(await s.next()).toMatchObject({ type: 'error', code: 'too_many_subscriptions' });
    s.send({ type: 'unsubscribe', channel: 'provider:vast' });
    expect(await s.next()).toEqual({ type: 'unsubscribed', channel: 'provider:vast' });
    s.send({ type: 'subscribe', channel: 'provider:runpod' });
    expect(await s.next()).toMatchObject({ type: 'subscribed', channel: 'provider:runpod' });

    const b = await open();
    b.send({ type: 'auth', token: 'other' });
    await b.next((f) => f.type === 'authenticated');
    b.send({ type: 'subscribe', channel: 'pod:pod_1' });
    expect(await b.next()).toMatchObject({ type: 'error', code: 'forbidden', channel: 'pod:pod_1' });
  });

  it('delivers every seq in order when pub/sub skips one (the gap comes from the replay buffer)', async () => {
    const s = await open();
    s.send({ type: 'auth', token: 'long' });
    await s.next((f) => f.type === 'authenticated');
    s.send({ type: 'subscribe', channel: 'prices:A100-80GB-SXM' });
    const { seq } = await s.next((f) => f.type === 'subscribed');
    await bus.publish('prices:A100-80GB-SXM', { n: 1 });
    await s.events('prices:A100-80GB-SXM', 1);
    // Two events reach the buffer without their fan-out…
    losing = true;
    await bus.publish('prices:A100-80GB-SXM', { n: 2 });
    await bus.publish('prices:A100-80GB-SXM', { n: 3 });
    await new Promise((r) => setImmediate(r));
    losing = false;
    // …then the next one is delivered: the client still gets 2, 3 and 4 in order.
    await bus.publish('prices:A100-80GB-SXM', { n: 4 });
    const events = await s.events('prices:A100-80GB-SXM', 3);
    expect(events.map((e) => e.seq)).toEqual([(seq as number) + 2, (seq as number) + 3, (seq as number) + 4]);
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual([2, 3, 4]);
  });
});
