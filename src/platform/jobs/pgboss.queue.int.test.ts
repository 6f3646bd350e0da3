import PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import type { JobQueue } from './jobs.port.js';
import { createJobQueue } from './pgboss.queue.js';
import { createPgBossDb } from './pgboss-db.js';

const silent = { warn: () => {}, error: () => {} };
let database: TestDatabase;
const queues: JobQueue[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
});
afterAll(async () => {
  await database?.destroy();
});

function newQueue() {
  const queue = createJobQueue({ database, pollIntervalMs: 500, stopTimeoutMs: 5_000, logger: silent });
  queues.push(queue);
  return queue;
}

describe(`pg-boss job queue (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('runs a one-off job with its data', async () => {
    const queue = newQueue();
    const runs: unknown[] = [];
    await queue.work<{ podId: string }>('provision-pod', async (job) => {
      runs.push({ id: job.id, name: job.name, data: job.data });
    });
    await queue.start();

    const id = await queue.send('provision-pod', { podId: 'pod_1' });

    await expect
      .poll(() => runs, { timeout: 10_000 })
      .toEqual([{ id, name: 'provision-pod', data: { podId: 'pod_1' } }]);
    await expect
      .poll(async () => (await queue.boss.getJobById('provision-pod', id!))?.state, { timeout: 10_000 })
      .toBe('completed');
  });

  it('holds a delayed job until its start time', async () => {
    const queue = newQueue();
    const ran: string[] = [];
    await queue.work('send-reminder', async (job) => void ran.push(job.id));
    await queue.start();

    const id = await queue.send('send-reminder', { to: 'a@example.com' }, { startAfterSeconds: 1 });

    const queued = await queue.boss.getJobById('send-reminder', id!);
    expect(queued!.startAfter.getTime() - queued!.createdOn.getTime()).toBe(1_000);
    await expect.poll(() => ran, { timeout: 10_000 }).toEqual([id]);
    const done = await queue.boss.getJobById('send-reminder', id!);
    expect(done!.startedOn.getTime()).toBeGreaterThanOrEqual(queued!.startAfter.getTime());
  });

  it('retries a failing job with backoff up to its retry limit, then marks it failed', async () => {
    const queue = newQueue();
    let attempts = 0;
    await queue.work('charge-card', async () => {
      attempts++;
      throw new Error(`card declined (attempt ${attempts})`);
    });
    await queue.start();

    const id = await queue.send(
      'charge-card',
      {},
      { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true },
    );

    await expect
      .poll(async () => (await queue.boss.getJobById('charge-card', id!))?.state, { timeout: 15_000 })
      .toBe('failed');
    const job = await queue.boss.getJobById('charge-card', id!);
    expect(job).toMatchObject({ retryLimit: 2, retryCount: 2, retryDelay: 1, retryBackoff: true });
    expect(JSON.stringify(job!.output)).toContain('card declined (attempt 3)');
    expect(attempts).toBe(3);
  });

  it('keeps one queued job per singleton key', async () => {
    const queue = newQueue();
    await queue.start(); // no worker: the jobs stay queued

    const first = await queue.send('sync-offers', { n: 1 }, { singletonKey: 'aws' });
    const duplicate = await queue.send('sync-offers', { n: 2 }, { singletonKey: 'aws' });
    const otherKey = await queue.send('sync-offers', { n: 3 }, { singletonKey: 'gcp' });
    const keyless = [await queue.send('sync-offers', { n: 4 }), await queue.send('sync-offers', { n: 5 })];

    expect(first).toEqual(expect.any(String));
    expect(duplicate).toBeNull();
    expect(otherKey).toEqual(expect.any(String));
    expect(keyless).toEqual([expect.any(String), expect.any(String)]);
    expect(await queue.boss.getQueueSize('sync-offers')).toBe(4);
  });

  it('shares the work of one queue between two instances, each job once', async () => {
    const [a, b] = [newQueue(), newQueue()];
    const handled: number[] = [];
    for (const queue of [a, b]) {
      await queue.work<{ n: number }>('meter-usage', async (job) => void handled.push(job.data.n));
      await queue.start();
    }

    for (let n = 0; n < 20; n++) await (n % 2 ? a : b).send('meter-usage', { n });

    await expect.poll(() => handled.length, { timeout: 15_000 }).toBe(20);
    expect([...handled].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it("leaves the connection usable when one of pg-boss's locked scripts fails", async () => {
    const queue = newQueue();
    await queue.start(); // installs the schema, so installing again fails with "already exists"
    const bridge = createPgBossDb(database);

    await expect(bridge.executeSql(PgBoss.getConstructionPlans('pgboss'))).rejects.toThrow(/already exists/);

    for (let i = 0; i < 3; i++) {
      const { rows } = await database.executeSql<{ ok: number }>('select 1 as ok');
      expect(rows).toEqual([{ ok: 1 }]);
    }
    await expect(queue.ping()).resolves.toBeUndefined();
  });
});
