import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { testRedisUrl } from '../../../test/support/services.js';

// Two server instances — one PostgreSQL database, one Redis — as behind a load balancer: a sync
// or an import on one instance is served by the other's in-memory index, and both draw provider
// calls from one shared token bucket.
const podId = `cat-${Date.now().toString(36)}`;
let database: TestDatabase;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { REDIS_URL: testRedisUrl(), GPUBROKER_POD_ID: podId, GPUBROKER_MASTER_KEY: 'cd'.repeat(32) };
  a = await createTestApp({ env, database });
  b = await createTestApp({ env, database });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.destroy();
});

const offersOf = async (app: TestApp, provider: string) =>
  (await app.app.inject({ method: 'GET', url: `/api/v2/offers?provider=${provider}&limit=200` })).json()
    .items as Array<{ id: string; price_per_hour: number }>;

describe('catalog across instances', () => {
  it('offers synced on A are served by B, with the same ids and prices', async () => {
    expect(await offersOf(b, 'lambda')).toEqual([]);
    const report = await a.modules.catalog.sync.syncProvider('lambda');
    expect(report.ok).toBe(true);
    const onA = await offersOf(a, 'lambda');
    expect(onA.length).toBeGreaterThan(0);
    await expect.poll(async () => (await offersOf(b, 'lambda')).length, { timeout: 5000 }).toBe(onA.length);
    expect(await offersOf(b, 'lambda')).toEqual(onA);
  });

  it('two instances syncing one provider at once write one set of offers', async () => {
    const [ra, rb] = await Promise.all([
      a.modules.catalog.sync.syncProvider('runpod', { fresh: true }),
      b.modules.catalog.sync.syncProvider('runpod', { fresh: true }),
    ]);
    expect(ra.ok && rb.ok).toBe(true);
    // Serialised per provider: whichever ran second found the first one's offers.
    expect([ra.inserted, rb.inserted].sort((x, y) => x - y)[0]).toBe(0);
    const rows = await database.executeSql<{ n: string; distinct_ids: string }>(
      `select count(*) as n, count(distinct provider_offer_id) as distinct_ids from offers where provider = 'runpod'`,
    );
    expect(Number(rows.rows[0]!.n)).toBe(Number(rows.rows[0]!.distinct_ids));
    await expect
      .poll(async () => (await offersOf(b, 'runpod')).length, { timeout: 5000 })
      .toBe(Number(rows.rows[0]!.n));
  });

  it('an instance that lost the broker still catches up through its periodic reload', async () => {
    const deaf = await createTestApp({
      env: {
        REDIS_URL: 'redis://127.0.0.1:1',
        GPUBROKER_POD_ID: podId,
        GPUBROKER_MASTER_KEY: 'cd'.repeat(32),
      },
      database,
      moduleOptions: { catalog: { autoSync: false, safetyReloadMs: 200 } },
    });
    try {
      expect(await offersOf(deaf, 'vast')).toEqual([]);
      expect((await a.modules.catalog.sync.syncProvider('vast')).ok).toBe(true);
      const onA = await offersOf(a, 'vast');
      await expect
        .poll(async () => (await offersOf(deaf, 'vast')).length, { timeout: 5000 })
        .toBe(onA.length);
    } finally {
      await deaf.close();
    }
  });

  it('the provider rate limit is one bucket for both instances (Redis)', async () => {
    const key = `bench-shared-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).platform.rateLimiter.take(key, { ratePerMinute: 4 }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(4);
  });
});
