import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import { createJobQueue } from './pgboss.queue.js';

const silent = { warn: () => {}, error: () => {} };
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

describe(`pg-boss job queue lifecycle (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('is not ready before start installs its tables, and is after', async () => {
    const queue = createJobQueue({ database, pollIntervalMs: 500, logger: silent });
    await expect(queue.ping()).rejects.toThrow();
    await expect(queue.send('too-early', {})).rejects.toThrow(/not started/);
    await queue.start();
    await expect(queue.ping()).resolves.toBeUndefined();
    await queue.stop();
  });

  it('registers a cron schedule (UTC) and runs its job on the tick', async () => {
    const queue = createJobQueue({
      database,
      pollIntervalMs: 500,
      cron: { monitorIntervalSeconds: 1, workerIntervalSeconds: 1 },
      logger: silent,
    });
    const runs: unknown[] = [];
    // Both before start: registered when the queue starts.
    await queue.schedule('refresh-offers', '* * * * *', { scope: 'all' });
    await queue.work('refresh-offers', async (job) => void runs.push(job.data));
    await queue.start();

    expect(await queue.boss.getSchedules()).toEqual([
      expect.objectContaining({
        name: 'refresh-offers',
        cron: '* * * * *',
        timezone: 'UTC',
        data: { scope: 'all' },
      }),
    ]);
    await expect.poll(() => runs, { timeout: 15_000 }).toEqual([{ scope: 'all' }]);
    await queue.stop();
  });

  it('waits in stop() for a handler that is running, and the job completes', async () => {
    const queue = createJobQueue({ database, pollIntervalMs: 500, stopTimeoutMs: 10_000, logger: silent });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    let finished = false;
    await queue.work('close-invoice', async () => {
      started = true;
      await gate;
      finished = true;
    });
    await queue.start();
    const id = await queue.send('close-invoice', { invoice: 'inv_1' });
    await expect.poll(() => started, { timeout: 10_000 }).toBe(true);

    let stopReturned = false;
    const stopping = queue.stop().then(() => {
      stopReturned = true;
    });
    // Longer than pg-boss's 500 ms idle check and its 1 s minimum shutdown timeout.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stopReturned).toBe(false);

    release();
    await stopping;
    expect(finished).toBe(true);
    expect((await queue.boss.getJobById('close-invoice', id!))?.state).toBe('completed');
  });
});
