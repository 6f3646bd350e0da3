import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { createManualClock } from '../../platform/clock/clock.js';
import { createIdGenerator } from '../../platform/ids/ids.js';
import { createCatalogRepo } from './catalog.repo.js';
import type { ProviderOffer } from './catalog.types.js';
import { createOfferWrites } from './offer-writes.service.js';

const clock = createManualClock(Date.UTC(2026, 10, 1));
let database: TestDatabase;
let repo: ReturnType<typeof createCatalogRepo>;
let writes: ReturnType<typeof createOfferWrites>;

const offer = (over: Partial<ProviderOffer> = {}): ProviderOffer => ({
  providerOfferId: 'h100-8x:us-east-1',
  gpuName: 'NVIDIA H100 80GB HBM3',
  gpuCount: 8,
  gpuVramGb: 80,
  vcpus: 208,
  ramGb: 1800,
  storageGb: 24_000,
  region: 'us-east-1',
  country: 'US',
  spot: false,
  availability: 'available',
  pricePerHour: 23.92,
  ...over,
});

beforeAll(async () => {
  database = await createTestDatabase();
  repo = createCatalogRepo(database.db);
  writes = createOfferWrites({ database, repo, ids: createIdGenerator(() => clock.nowMs()), clock });
  await repo.ensureProviders([{ id: 'lambda', name: 'Lambda', kind: 'live', supportsProvisioning: false }]);
});
afterAll(async () => {
  await database?.destroy();
});

describe('offer writes', () => {
  it('inserts normalized offers with a first price observation', async () => {
    const out = await writes.apply(
      'lambda',
      [
        offer(),
        offer({
          providerOfferId: 'a10:us-west-1',
          gpuName: 'A10',
          gpuCount: 1,
          gpuVramGb: 24,
          pricePerHour: 0.75,
          region: 'us-west-1',
        }),
      ],
      {
        source: 'sync',
      },
    );
    expect(out).toMatchObject({
      received: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      removed: 0,
      priceChanges: 0,
    });
    const h100 = out.current.find((o) => o.providerOfferId === 'h100-8x:us-east-1')!;
    expect(h100).toMatchObject({
      id: expect.stringMatching(/^ofr_/),
      gpuModel: 'H100-80GB-SXM',
      gpuMapped: true,
      gpuCount: 8,
      gpuVramGb: 80,
      priceMicros: 23_920_000,
      availability: 'available',
    });
    expect(h100.performanceScore).toBeGreaterThan(0);
    expect(await repo.priceHistory(h100.id, { limit: 10 })).toEqual([
      { at: clock.now(), priceMicros: 23_920_000 },
    ]);
  });

  it('keeps ids, leaves unchanged offers alone, records price changes, marks vanished offers unavailable', async () => {
    const before = new Map((await repo.offersOfProvider('lambda')).map((r) => [r.providerOfferId, r]));
    clock.advanceMs(60_000);
    const out = await writes.apply('lambda', [offer({ pricePerHour: 21.5 })], { source: 'sync' });
    expect(out).toMatchObject({ received: 1, inserted: 0, updated: 1, removed: 1, priceChanges: 1 });
    const rows = new Map((await repo.offersOfProvider('lambda')).map((r) => [r.providerOfferId, r]));
    const h100 = rows.get('h100-8x:us-east-1')!;
    expect(h100.id).toBe(before.get('h100-8x:us-east-1')!.id);
    expect(h100.priceMicros).toBe(21_500_000);
    expect(h100.firstSeenAt).toEqual(before.get('h100-8x:us-east-1')!.firstSeenAt);
    const a10 = rows.get('a10:us-west-1')!;
    expect(a10.availability).toBe('unavailable');
    expect(a10.priceMicros).toBe(750_000);
    expect((await repo.priceHistory(h100.id, { limit: 10 })).map((p) => p.priceMicros)).toEqual([
      21_500_000, 23_920_000,
    ]);

    clock.advanceMs(60_000);
    const again = await writes.apply('lambda', [offer({ pricePerHour: 21.5 })], { source: 'sync' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, removed: 0, priceChanges: 0 });
    expect((await repo.offersOfProvider('lambda')).find((r) => r.id === h100.id)!.updatedAt).toEqual(
      h100.updatedAt,
    );
  });

  it('keeps an offer with an unknown GPU under its raw name and lists the name', async () => {
    const out = await writes.apply(
      'lambda',
      [
        offer(),
        offer({
          providerOfferId: 'weird:1',
          gpuName: 'Zorblax Quantum 9000',
          gpuVramGb: 12,
          pricePerHour: 1,
        }),
      ],
      { source: 'sync' },
    );
    const weird = out.current.find((o) => o.providerOfferId === 'weird:1')!;
    expect(weird).toMatchObject({
      gpuModel: 'Zorblax Quantum 9000',
      gpuMapped: false,
      performanceScore: 0,
      gpuVramGb: 12,
    });
    expect(out.unmapped).toEqual([{ rawName: 'Zorblax Quantum 9000', vramGb: 12, offersCount: 1 }]);
    expect((await repo.unmapped()).map((u) => [u.provider, u.rawName, u.offersCount])).toEqual([
      ['lambda', 'Zorblax Quantum 9000', 1],
    ]);
  });

  it('rejects broken offers and duplicate ids without failing the rest', async () => {
    const out = await writes.apply(
      'lambda',
      [
        offer(),
        offer(),
        offer({ providerOfferId: 'free', pricePerHour: 0 }),
        offer({ providerOfferId: 'nan', gpuCount: 1.5 }),
      ],
      { source: 'sync' },
    );
    expect(out.rejected.map((r) => [r.providerOfferId, r.reason])).toEqual([
      ['h100-8x:us-east-1', 'duplicate provider offer id'],
      ['free', 'price per hour out of range'],
      ['nan', 'GPU count out of range'],
    ]);
    expect(out.current.some((o) => o.providerOfferId === 'h100-8x:us-east-1')).toBe(true);
  });

  it('an import replaces the provider catalog: offers missing from the file are removed', async () => {
    const out = await writes.apply(
      'acme-gpu',
      [offer({ providerOfferId: 'x1' }), offer({ providerOfferId: 'x2' })],
      {
        source: 'import',
        registerProvider: true,
      },
    );
    expect(out.inserted).toBe(2);
    expect((await repo.provider('acme-gpu'))?.kind).toBe('catalog_only');
    const next = await writes.apply('acme-gpu', [offer({ providerOfferId: 'x2' })], { source: 'import' });
    expect(next).toMatchObject({ removed: 1, unchanged: 1 });
    expect((await repo.offersOfProvider('acme-gpu')).map((r) => r.providerOfferId)).toEqual(['x2']);
    // The other provider is untouched.
    expect((await repo.offersOfProvider('lambda')).length).toBeGreaterThan(0);
  });

  it('concurrent writers of one provider serialise: no duplicate offers', async () => {
    const list = Array.from({ length: 50 }, (_, i) =>
      offer({ providerOfferId: `c${i}`, pricePerHour: 1 + i / 100 }),
    );
    const results = await Promise.all([
      writes.apply('concurrent', list, { source: 'import', registerProvider: true }),
      writes.apply('concurrent', list, { source: 'import', registerProvider: true }),
    ]);
    expect(results.map((r) => r.inserted).sort()).toEqual([0, 50]);
    expect((await repo.offersOfProvider('concurrent')).length).toBe(50);
  });
});
