import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../../test/support/db.js';
import { type ApigwWorld, alice, createApigwWorld } from './apigw.testkit.js';
import { realtimeApigwConnections, realtimeApigwSubscriptions } from './apigw-connections.tables.js';
import { type FakeManagementApi, startFakeManagementApi } from './management-api.fake.js';

let database: TestDatabase;
let fake: FakeManagementApi;
let w: ApigwWorld;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeManagementApi();
});
afterAll(async () => {
  await fake?.close();
  await database?.destroy();
});
beforeEach(async () => {
  w = await createApigwWorld(database, fake);
});
afterEach(async () => {
  await w.close();
});

const subsOf = (id: string) =>
  database.db
    .select()
    .from(realtimeApigwSubscriptions)
    .where(eq(realtimeApigwSubscriptions.connectionId, id));
const connectionRow = async (id: string) =>
  (
    await database.db
      .select()
      .from(realtimeApigwConnections)
      .where(eq(realtimeApigwConnections.connectionId, id))
  )[0];

describe(`API Gateway handlers (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('$connect stores the connection; auth answers authenticated and records the principal', async () => {
    expect(await w.connect('h1')).toEqual({ statusCode: 200 });
    expect(await connectionRow('h1')).toMatchObject({ connectionId: 'h1', userId: null });
    expect(await w.send('h1', { type: 'auth', token: 'tok-alice' })).toEqual({ statusCode: 200 });
    expect(fake.framesOf('h1')).toEqual([
      { type: 'authenticated', user_id: 'usr_alice', role: 'user', expires_at: '2026-01-01T00:15:00.000Z' },
    ]);
    const stored = await w.store.seen('h1', w.clock.nowMs());
    expect(stored?.principal).toEqual(alice);
    expect(stored?.tokenExpiresAtMs).toBe(Date.UTC(2026, 0, 1, 0, 15));
  });

  it('answers ping, refuses malformed and binary frames, and unsubscribes', async () => {
    await w.open('h2', 'tok-bob');
    await w.send('h2', { type: 'ping' });
    await w.sendRaw('h2', 'not json');
    await w.sendRaw('h2', 'AAEC', true);
    await w.send('h2', { type: 'subscribe', channel: 'provider:runpod' });
    await w.send('h2', { type: 'unsubscribe', channel: 'provider:runpod' });
    expect(fake.framesOf('h2').slice(1)).toEqual([
      { type: 'pong' },
      { type: 'error', code: 'bad_request', message: 'Messages are JSON objects.' },
      { type: 'error', code: 'bad_request', message: 'Messages are JSON objects.' },
      { type: 'subscribed', channel: 'provider:runpod', seq: 0 },
      { type: 'unsubscribed', channel: 'provider:runpod' },
    ]);
    expect(await subsOf('h2')).toEqual([]);
  });

  it('only system is public; pod channels are their owner’s; unknown channels are refused', async () => {
    await w.open('h3');
    await w.send('h3', { type: 'subscribe', channel: 'prices:H100' });
    await w.send('h3', { type: 'subscribe', channel: 'system' });
    await w.send('h3', { type: 'auth', token: 'tok-bob' });
    await w.send('h3', { type: 'subscribe', channel: 'pod:pod_a' });
    await w.send('h3', { type: 'subscribe', channel: 'pod:pod_nope' });
    await w.send('h3', { type: 'subscribe', channel: 'weather:today' });
    const frames = fake.framesOf('h3');
    expect(frames.map((f) => [f.type, f.code ?? null, f.channel ?? null])).toEqual([
      ['error', 'unauthorized', 'prices:H100'],
      ['subscribed', null, 'system'],
      ['authenticated', null, null],
      ['error', 'forbidden', 'pod:pod_a'],
      ['error', 'forbidden', 'pod:pod_nope'],
      ['error', 'unknown_channel', 'weather:today'],
    ]);
    expect((await subsOf('h3')).map((s) => s.channel)).toEqual(['system']);

    await w.open('h3-owner', 'tok-alice');
    await w.send('h3-owner', { type: 'subscribe', channel: 'pod:pod_a' });
    expect(fake.framesOf('h3-owner').at(-1)).toEqual({ type: 'subscribed', channel: 'pod:pod_a', seq: 0 });
  });

  it('resumes from since_seq: the 100 missed events in order, then subscribed', async () => {
    for (let n = 1; n <= 130; n++) await w.bus.publish('prices:A100', { n });
    await w.open('h4', 'tok-alice');
    await w.send('h4', { type: 'subscribe', channel: 'prices:A100', since_seq: 30 });
    const frames = fake.framesOf('h4').slice(1);
    expect(frames).toHaveLength(101);
    expect(frames.slice(0, 100)).toEqual(
      Array.from({ length: 100 }, (_, i) => ({
        type: 'event',
        channel: 'prices:A100',
        seq: 31 + i,
        data: { n: 31 + i },
      })),
    );
    expect(frames[100]).toEqual({ type: 'subscribed', channel: 'prices:A100', seq: 130 });
    expect((await subsOf('h4'))[0]?.lastSeq).toBe(130);
    // Subscribing again is idempotent: where it stands, no replay.
    await w.send('h4', { type: 'subscribe', channel: 'prices:A100', since_seq: 0 });
    expect(fake.framesOf('h4').at(-1)).toEqual({ type: 'subscribed', channel: 'prices:A100', seq: 130 });
    expect(fake.framesOf('h4')).toHaveLength(103);
  });

  it('sends resync when the gap is older than the replay buffer', async () => {
    w.buffer.size = 10;
    for (let n = 1; n <= 50; n++) await w.bus.publish('prices:L4', { n });
    await w.open('h5', 'tok-alice');
    await w.send('h5', { type: 'subscribe', channel: 'prices:L4', since_seq: 5 });
    expect(fake.framesOf('h5').slice(1)).toEqual([
      { type: 'resync', channel: 'prices:L4', seq: 50 },
      { type: 'subscribed', channel: 'prices:L4', seq: 50 },
    ]);
  });

  it('limits subscriptions per connection', async () => {
    await w.open('h6', 'tok-alice');
    for (const c of ['system', 'prices:H100', 'prices:A100', 'prices:L4'])
      await w.send('h6', { type: 'subscribe', channel: c });
    expect(fake.framesOf('h6').at(-1)).toMatchObject({
      type: 'error',
      code: 'too_many_subscriptions',
      channel: 'prices:L4',
    });
    expect(await subsOf('h6')).toHaveLength(3);
  });

  it('a refused credential closes the connection; an unreachable verifier does not', async () => {
    await w.open('h7');
    await w.send('h7', { type: 'auth', token: 'tok-broken' });
    expect(fake.framesOf('h7')).toEqual([
      { type: 'error', code: 'unavailable', message: 'Could not check the credential; try again.' },
    ]);
    expect(await connectionRow('h7')).toBeDefined();
    await w.send('h7', { type: 'auth', token: 'tok-forged' });
    expect(fake.framesOf('h7').at(-1)).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect(fake.deletes).toContain('h7');
    expect(await connectionRow('h7')).toBeUndefined();
  });

  it('keeps a connection with the user it authenticated as', async () => {
    await w.open('h8', 'tok-alice');
    await w.send('h8', { type: 'auth', token: 'tok-bob' });
    expect(fake.framesOf('h8').at(-1)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await w.store.seen('h8', w.clock.nowMs()))?.principal?.userId).toBe('usr_alice');
  });

  it('a message after the token expired closes the connection with a notice', async () => {
    await w.open('h9', 'tok-alice-short');
    w.clock.advanceMs(60_001);
    await w.send('h9', { type: 'ping' });
    expect(fake.framesOf('h9').at(-1)).toEqual({
      type: 'error',
      code: 'unauthorized',
      message: 'token expired: reconnect with a fresh token',
    });
    expect(fake.deletes).toContain('h9');
    expect(await connectionRow('h9')).toBeUndefined();
  });

  it('$disconnect removes the connection and its subscriptions', async () => {
    await w.open('h10', 'tok-alice');
    await w.send('h10', { type: 'subscribe', channel: 'system' });
    await w.send('h10', { type: 'subscribe', channel: 'prices:H100' });
    expect(await subsOf('h10')).toHaveLength(2);
    expect(await w.disconnect('h10')).toEqual({ statusCode: 200 });
    expect(await connectionRow('h10')).toBeUndefined();
    expect(await subsOf('h10')).toEqual([]);
    // A message that still arrives for it is answered with a close, not served.
    await w.send('h10', { type: 'subscribe', channel: 'system' });
    expect(fake.deletes).toContain('h10');
    expect(await subsOf('h10')).toEqual([]);
  });

  it('a reply to a gone connection deletes it', async () => {
    await w.open('h11', 'tok-alice');
    await w.send('h11', { type: 'subscribe', channel: 'system' });
    fake.gone.add('h11');
    await w.send('h11', { type: 'ping' });
    expect(await connectionRow('h11')).toBeUndefined();
    expect(await subsOf('h11')).toEqual([]);
  });
});
