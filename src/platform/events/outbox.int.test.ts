import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import { createManualClock } from '../clock/clock.js';
import type { DomainEvent } from './events.port.js';
import { createInProcessTransport } from './in-process.transport.js';
import { createOutboxRepo } from './outbox.repo.js';
import { outboxEvents } from './outbox.tables.js';
import { createOutboxRelay } from './relay.js';

const silent = { warn: () => {}, error: () => {} };
const clock = createManualClock(Date.UTC(2026, 0, 1));
const LEASE_MS = 30_000;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

/** A relay over the shared database with its own in-process transport, like one API instance. */
function instance(batchSize = 2) {
  const repo = createOutboxRepo({
    database,
    clock,
    leaseMs: LEASE_MS,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
  });
  const transport = createInProcessTransport();
  const relay = createOutboxRelay({ repo, transport, batchSize, logger: silent });
  return { repo, transport, relay };
}

async function rowsOf(ids: string[]) {
  const rows = await database.db.select().from(outboxEvents).where(inArray(outboxEvents.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

describe(`outbox relay (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('delivers committed events once, in id order, and never an event whose transaction rolled back', async () => {
    const { repo, transport, relay } = instance();
    const seen: DomainEvent[] = [];
    transport.subscribe('order.*', async (e) => void seen.push(e));

    const first = await database.transaction((tx) =>
      repo.enqueue(tx, { topic: 'order.placed', key: 'o1', payload: { n: 1 } }),
    );
    await expect(
      database.transaction(async (tx) => {
        await repo.enqueue(tx, { topic: 'order.placed', key: 'o9', payload: { n: 'rolled back' } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const [second, third] = await database.transaction(async (tx) => [
      await repo.enqueue(tx, {
        topic: 'order.paid',
        key: 'o2',
        payload: { n: 2 },
        headers: { 'trace-id': 't2' },
      }),
      await repo.enqueue(tx, { topic: 'order.shipped', key: 'o1', payload: { n: 3 } }),
    ]);
    const fourth = await repo.enqueue(database.db, { topic: 'order.closed', key: 'o2', payload: { n: 4 } });

    expect(await relay.drain()).toBe(4);
    expect(seen.map((e) => e.id)).toEqual([first, second, third, fourth]);
    expect(seen.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(seen[1]).toMatchObject({
      topic: 'order.paid',
      key: 'o2',
      headers: { 'trace-id': 't2' },
      createdAt: clock.now(),
    });

    expect(await relay.drain()).toBe(0);
    expect(seen).toHaveLength(4);
    const rows = await rowsOf([first!, second!, third!, fourth]);
    expect([...rows.values()].map((r) => r.dispatchedAt)).toEqual([
      clock.now(),
      clock.now(),
      clock.now(),
      clock.now(),
    ]);
    const all = await database.db.select().from(outboxEvents).where(eq(outboxEvents.key, 'o9'));
    expect(all).toHaveLength(0);
  });

  it('retries a failed event with exponential backoff while later events of its key wait', async () => {
    const { repo, transport, relay } = instance(10);
    const seen: string[] = [];
    let failuresLeft = 2;
    const a1 = await repo.enqueue(database.db, { topic: 'pod.step', key: 'pod_a', payload: { step: 1 } });
    const a2 = await repo.enqueue(database.db, { topic: 'pod.step', key: 'pod_a', payload: { step: 2 } });
    const b1 = await repo.enqueue(database.db, { topic: 'pod.step', key: 'pod_b', payload: { step: 1 } });
    transport.subscribe('pod.step', async (e) => {
      if (e.id === a1 && failuresLeft-- > 0) throw new Error('provider timeout');
      seen.push(e.id);
    });

    expect(await relay.drain()).toBe(1);
    expect(seen).toEqual([b1]);
    let rows = await rowsOf([a1, a2]);
    expect(rows.get(a1)).toMatchObject({
      attempts: 1,
      dispatchedAt: null,
      availableAt: new Date(clock.nowMs() + 1_000),
    });
    expect(rows.get(a1)!.lastError).toContain('provider timeout');
    expect(rows.get(a2)).toMatchObject({ attempts: 0, dispatchedAt: null });

    expect(await relay.drain()).toBe(0); // a1 is backing off and a2 waits behind it

    clock.advanceMs(1_000);
    expect(await relay.drain()).toBe(0); // second failure: the backoff doubles
    rows = await rowsOf([a1]);
    expect(rows.get(a1)).toMatchObject({ attempts: 2, availableAt: new Date(clock.nowMs() + 2_000) });

    clock.advanceMs(1_000);
    expect(await relay.drain()).toBe(0);
    clock.advanceMs(1_000);
    expect(await relay.drain()).toBe(2);
    expect(seen).toEqual([b1, a1, a2]);
  });

  it('after a crash, a new relay delivers what the dead one never dispatched', async () => {
    const dead = instance();
    const id = await dead.repo.enqueue(database.db, { topic: 'user.created', key: 'usr_1', payload: {} });
    await dead.relay.stop(); // never drained: the process died between commit and dispatch

    const next = instance();
    const seen: string[] = [];
    next.transport.subscribe('user.created', async (e) => void seen.push(e.id));
    expect(await next.relay.drain()).toBe(1);
    expect(seen).toEqual([id]);
  });

  it('after a crash mid-delivery, the claimed events go out once their lease ends', async () => {
    const dead = instance();
    const id = await dead.repo.enqueue(database.db, { topic: 'invoice.issued', key: 'inv_1', payload: {} });
    const claimed = await dead.repo.claimBatch(10); // claimed, then the process died before settling
    expect(claimed.map((e) => e.id)).toEqual([id]);

    const next = instance();
    const seen: string[] = [];
    next.transport.subscribe('invoice.*', async (e) => void seen.push(e.id));
    expect(await next.relay.drain()).toBe(0);

    clock.advanceMs(LEASE_MS);
    expect(await next.relay.drain()).toBe(1);
    expect(seen).toEqual([id]);
  });

  it('two relays draining at once deliver each of 200 events exactly once, keeping per-key order', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    const { repo } = instance();
    const enqueued: string[] = [];
    for (let chunk = 0; chunk < 10; chunk++) {
      await database.transaction(async (tx) => {
        for (let i = 0; i < 20; i++) {
          const n = chunk * 20 + i;
          enqueued.push(
            await repo.enqueue(tx, { topic: 'load.tick', key: keys[n % keys.length]!, payload: { n } }),
          );
        }
      });
    }
    const delivered: DomainEvent[] = [];
    const relays = [instance(7), instance(7)];
    for (const [n, r] of relays.entries()) {
      r.transport.subscribe('load.tick', async (e) => {
        // One slow relay and one fast one, so a relay that took a key's later event while the
        // other still held an earlier one would record them out of order.
        await new Promise((resolve) => (n === 0 ? setTimeout(resolve, 10) : setImmediate(resolve)));
        delivered.push(e);
      });
    }

    const counts = await Promise.all(relays.map((r) => r.relay.drain()));

    expect(counts[0]! + counts[1]!).toBe(200);
    expect(delivered.map((e) => e.id).sort()).toEqual([...enqueued].sort());
    for (const key of keys) {
      const ofKey = delivered.filter((e) => e.key === key).map((e) => e.id);
      expect(ofKey).toEqual(enqueued.filter((_, n) => keys[n % keys.length] === key));
    }
  });
});
