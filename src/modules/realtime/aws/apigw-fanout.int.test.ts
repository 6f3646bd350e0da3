import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../../test/support/db.js';
import { type ApigwWorld, AUTH_TIMEOUT_MS, createApigwWorld } from './apigw.testkit.js';
import { realtimeApigwConnections } from './apigw-connections.tables.js';
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

const stored = async (id: string) =>
  (
    await database.db
      .select()
      .from(realtimeApigwConnections)
      .where(eq(realtimeApigwConnections.connectionId, id))
  ).length === 1;
const eventsOf = (id: string) =>
  fake
    .framesOf(id)
    .filter((f) => f.type === 'event' || f.type === 'resync')
    .map((f) => [f.type, f.channel, f.seq, f.data ?? null]);

describe(`API Gateway fan-out (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('posts a bus event to every subscriber through the management API, once each', async () => {
    await w.open('f1', 'tok-alice');
    await w.open('f2', 'tok-bob');
    await w.send('f1', { type: 'subscribe', channel: 'prices:H100' });
    await w.send('f2', { type: 'subscribe', channel: 'prices:H100' });
    await w.send('f2', { type: 'subscribe', channel: 'system' });
    // A second fan-out instance on the same store and bus must not duplicate anything.
    const second = w.newFanout();
    await Promise.all([w.fanout.sync(), second.sync()]);
    expect(w.fanout.channels().sort()).toEqual(['prices:H100', 'system']);

    await w.bus.publish('prices:H100', { price: 2.5 });
    await w.bus.publish('prices:H100', { price: 2.4 });
    await fake.waitFor(() => eventsOf('f1').length >= 2 && eventsOf('f2').length >= 2);
    await Promise.all([w.fanout.idle(), second.idle()]);
    await second.close();

    const expected = [
      ['event', 'prices:H100', 1, { price: 2.5 }],
      ['event', 'prices:H100', 2, { price: 2.4 }],
    ];
    expect(eventsOf('f1')).toEqual(expected);
    expect(eventsOf('f2')).toEqual(expected);
    expect(w.fanout.stats().posted + second.stats().posted).toBe(4);
    expect((await w.store.subscription('f1', 'prices:H100'))?.lastSeq).toBe(2);
  });

  it('deletes a gone connection (410) and still serves the others', async () => {
    await w.open('f3', 'tok-alice');
    await w.open('f4', 'tok-alice');
    await w.send('f3', { type: 'subscribe', channel: 'prices:H100' });
    await w.send('f4', { type: 'subscribe', channel: 'prices:H100' });
    await w.fanout.sync();
    fake.gone.add('f3');
    await w.bus.publish('prices:H100', { price: 1 });
    await fake.waitFor(() => eventsOf('f4').length >= 1);
    await w.fanout.idle();
    expect(await stored('f3')).toBe(false);
    expect(await stored('f4')).toBe(true);
    expect(w.fanout.stats()).toMatchObject({ posted: 1, gone: 1, failed: 0 });
  });

  it('sends nothing to a disconnected connection and stops following channels nobody follows', async () => {
    await w.open('f5', 'tok-alice');
    await w.open('f6', 'tok-alice');
    await w.send('f5', { type: 'subscribe', channel: 'prices:A100' });
    await w.send('f6', { type: 'subscribe', channel: 'prices:A100' });
    await w.fanout.sync();
    await w.disconnect('f5');
    await w.bus.publish('prices:A100', { price: 3 });
    await fake.waitFor(() => eventsOf('f6').length >= 1);
    await w.fanout.idle();
    expect(eventsOf('f5')).toEqual([]);
    await w.disconnect('f6');
    await w.fanout.sync();
    expect(w.fanout.channels()).toEqual([]);
  });

  it('catches up events published before it followed the channel, in order', async () => {
    await w.open('f7', 'tok-alice');
    await w.send('f7', { type: 'subscribe', channel: 'prices:L4' });
    for (let n = 1; n <= 3; n++) await w.bus.publish('prices:L4', { n });
    await w.fanout.sync();
    expect(eventsOf('f7')).toEqual([1, 2, 3].map((n) => ['event', 'prices:L4', n, { n }]));
  });

  it('counts a failed post, rewinds, and sends the missed event before the next one', async () => {
    await w.open('f8', 'tok-alice');
    await w.send('f8', { type: 'subscribe', channel: 'prices:L4' });
    await w.fanout.sync();
    fake.failing.set('f8', { status: 403, type: 'ForbiddenException' });
    await w.bus.publish('prices:L4', { n: 1 });
    await fake.waitFor(() => fake.requests.some((r) => r.connectionId === 'f8' && r.status === 403));
    await w.fanout.idle();
    expect(w.warnings.some((x) => x.m === 'realtime apigw: post failed')).toBe(true);
    expect((await w.store.subscription('f8', 'prices:L4'))?.lastSeq).toBe(0);
    fake.failing.delete('f8');
    await w.bus.publish('prices:L4', { n: 2 });
    await fake.waitFor(() => eventsOf('f8').length >= 2);
    await w.fanout.idle();
    expect(eventsOf('f8')).toEqual([1, 2].map((n) => ['event', 'prices:L4', n, { n }]));
    expect(await stored('f8')).toBe(true);
  });

  it('a subscriber behind the replay buffer gets resync', async () => {
    w.buffer.size = 5;
    await w.open('f9', 'tok-alice');
    await w.send('f9', { type: 'subscribe', channel: 'prices:H100' });
    for (let n = 1; n <= 20; n++) await w.bus.publish('prices:H100', { n });
    await w.fanout.sync();
    expect(eventsOf('f9')).toEqual([['resync', 'prices:H100', 20, null]]);
    await w.bus.publish('prices:H100', { n: 21 });
    await fake.waitFor(() => eventsOf('f9').length >= 2);
    await w.fanout.idle();
    expect(eventsOf('f9')[1]).toEqual(['event', 'prices:H100', 21, { n: 21 }]);
  });

  it('the sweep closes expired tokens and connections that never authenticated', async () => {
    await w.open('f10', 'tok-alice-short');
    await w.open('f11', 'tok-alice');
    await w.open('f12');
    await w.open('f13');
    await w.send('f13', { type: 'subscribe', channel: 'system' });
    await w.send('f10', { type: 'subscribe', channel: 'system' });
    await w.fanout.sync();
    w.clock.advanceMs(Math.max(60_001, AUTH_TIMEOUT_MS + 1));
    // An expired connection gets no more events, even before the sweep.
    await w.bus.publish('system', { id: 'n1' });
    await fake.waitFor(() => eventsOf('f13').length >= 1);
    await w.fanout.idle();
    expect(eventsOf('f10')).toEqual([]);

    expect(await w.fanout.sweep()).toBe(2);
    expect(fake.framesOf('f10').at(-1)).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/^token expired/),
    });
    expect(fake.framesOf('f12').at(-1)).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/^authentication timeout/),
    });
    expect(fake.deletes).toEqual(expect.arrayContaining(['f10', 'f12']));
    expect([await stored('f10'), await stored('f11'), await stored('f12'), await stored('f13')]).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});
