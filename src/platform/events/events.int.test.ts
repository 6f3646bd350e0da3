import { eq } from 'drizzle-orm';
import type { ProducerBatch } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import { createManualClock } from '../clock/clock.js';
import { createEvents } from './index.js';
import type { KafkaClientLike } from './kafka.transport.js';
import { outboxEvents } from './outbox.tables.js';

const silent = { warn: () => {}, error: () => {} };
const clock = createManualClock(Date.UTC(2026, 2, 1));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

/** A kafkajs client at the SDK boundary that records batches (no broker runs here). */
function recordingKafka(fail: { send: boolean }) {
  const batches: ProducerBatch[] = [];
  const client: KafkaClientLike = {
    producer: () => ({
      connect: async () => {},
      disconnect: async () => {},
      async sendBatch(batch) {
        if (fail.send) throw new Error('KAFKA_STORAGE_ERROR');
        batches.push(batch);
        return [];
      },
    }),
    admin: () => ({ connect: async () => {}, disconnect: async () => {}, describeCluster: async () => ({}) }),
  };
  return { client, batches };
}

describe(`createEvents (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('the started relay delivers committed events without an explicit drain, and stops', async () => {
    const events = createEvents({ database, clock, relay: { pollIntervalMs: 50 }, logger: silent });
    const seen: string[] = [];
    events.subscriptions.subscribe('pod.*', async (e) => void seen.push(e.id));
    events.relay.start();

    const id = await database.transaction((tx) =>
      events.outbox.enqueue(tx, { topic: 'pod.ready', key: 'pod_1', payload: {} }),
    );
    events.relay.notify();

    await expect.poll(() => seen, { timeout: 5_000 }).toEqual([id]);
    await events.close();
    expect(events.transport.kind).toBe('in-process');
  });

  it('lets a handler use the database, e.g. to enqueue a follow-up event delivered in the same drain', async () => {
    const events = createEvents({ database, clock, logger: silent });
    const seen: string[] = [];
    events.subscriptions.subscribe('deploy.requested', async (e) => {
      seen.push(e.topic);
      await database.transaction((tx) =>
        events.outbox.enqueue(tx, { topic: 'deploy.scheduled', key: e.key, payload: { after: e.id } }),
      );
    });
    events.subscriptions.subscribe('deploy.scheduled', async (e) => void seen.push(e.topic));

    await events.outbox.enqueue(database.db, { topic: 'deploy.requested', key: 'pod_2', payload: {} });

    expect(await events.relay.drain()).toBe(2);
    expect(seen).toEqual(['deploy.requested', 'deploy.scheduled']);
    await events.close();
  });

  it('with Kafka configured, publishes to Kafka first, then to local subscribers', async () => {
    const fail = { send: true };
    const kafka = recordingKafka(fail);
    const events = createEvents({
      database,
      clock,
      kafka: { brokers: ['broker-1:9092'], kafka: kafka.client },
      logger: silent,
    });
    const seen: string[] = [];
    events.subscriptions.subscribe('billing.*', async (e) => void seen.push(e.id));
    const id = await events.outbox.enqueue(database.db, {
      topic: 'billing.charged',
      key: 'usr_1',
      payload: { cents: 5 },
    });

    expect(await events.relay.drain()).toBe(0); // broker down: nothing reaches the local handlers either
    expect(seen).toEqual([]);
    const [row] = await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, id));
    expect(row).toMatchObject({ attempts: 1, dispatchedAt: null });
    expect(row!.lastError).toContain('KAFKA_STORAGE_ERROR');

    fail.send = false;
    clock.advanceMs(1_000);
    expect(await events.relay.drain()).toBe(1);
    expect(events.transport.kind).toBe('kafka');
    expect(kafka.batches).toHaveLength(1);
    expect(kafka.batches[0]!.topicMessages).toEqual([
      { topic: 'gpubroker.billing.charged', messages: [expect.objectContaining({ key: 'usr_1' })] },
    ]);
    expect(seen).toEqual([id]);
    await events.close();
  });
});

describe('pruning dispatched events', () => {
  it('deletes only events dispatched before the retention window, in batches, never pending ones', async () => {
    const pruneClock = createManualClock(Date.UTC(2026, 5, 1));
    const events = createEvents({ database, clock: pruneClock, logger: silent });
    await database.db.delete(outboxEvents);
    for (let i = 0; i < 1_205; i++) {
      await events.outbox.enqueue(database.db, { topic: 'prune.test', key: `k${i % 7}`, payload: { i } });
    }
    expect(await events.relay.drain()).toBe(1_205);
    pruneClock.advanceMs(8 * 24 * 3600_000);
    const pending = await events.outbox.enqueue(database.db, {
      topic: 'prune.test',
      key: 'late',
      payload: {},
    });
    // A recently dispatched event stays too.
    const recent = await events.outbox.enqueue(database.db, {
      topic: 'prune.other',
      key: 'recent',
      payload: {},
    });
    await database.db
      .update(outboxEvents)
      .set({ dispatchedAt: pruneClock.now() })
      .where(eq(outboxEvents.id, recent));

    expect(await events.pruneDispatched(7 * 24 * 3600_000)).toBe(1_205);
    const left = await database.db.select({ id: outboxEvents.id }).from(outboxEvents);
    expect(left.map((r) => r.id).sort()).toEqual([pending, recent].sort());
    expect(await events.pruneDispatched(7 * 24 * 3600_000)).toBe(0);
    await events.close();
  });
});
