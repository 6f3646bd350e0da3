import { describe, expect, it } from 'vitest';
import { createOfferIndex } from './offer-index.js';
import { createSyntheticCatalog, offer, pageAll } from './offer-index.test-support.js';

describe('replaceProvider / upsert', () => {
  it('swaps one provider’s offers and leaves the others alone', () => {
    const index = createOfferIndex();
    index.upsert([
      offer({ id: 'ofr_l1', provider: 'lambda', priceMicros: 3_000_000 }),
      offer({ id: 'ofr_l2', provider: 'lambda', priceMicros: 1_000_000 }),
      offer({ id: 'ofr_v1', provider: 'vast', priceMicros: 2_000_000 }),
    ]);
    expect(pageAll(index, { sort: 'price', limit: 10 }).map((i) => i.offer.id)).toEqual([
      'ofr_l2',
      'ofr_v1',
      'ofr_l1',
    ]);
    const before = index.version;

    index.replaceProvider('lambda', [
      offer({ id: 'ofr_l2', provider: 'lambda', priceMicros: 5_000_000 }),
      offer({ id: 'ofr_l3', provider: 'lambda', priceMicros: 500_000 }),
    ]);

    expect(index.version).toBe(before + 1);
    expect(index.size).toBe(3);
    expect(index.get('ofr_l1')).toBeUndefined();
    expect(index.get('ofr_l2')?.priceMicros).toBe(5_000_000);
    expect(pageAll(index, { sort: 'price', limit: 10 }).map((i) => i.offer.id)).toEqual([
      'ofr_l3',
      'ofr_v1',
      'ofr_l2',
    ]);
    expect(index.providerCounts().get('lambda')).toEqual({ total: 2, available: 2 });
  });

  it('changes nothing when one offer of the batch is invalid or belongs to another provider', () => {
    const index = createOfferIndex();
    index.upsert([offer({ id: 'ofr_l1', provider: 'lambda' })]);
    const version = index.version;
    expect(() =>
      index.replaceProvider('lambda', [
        offer({ id: 'ofr_l2', provider: 'lambda' }),
        offer({ id: 'ofr_v1', provider: 'vast' }),
      ]),
    ).toThrow(/belongs to vast/);
    expect(() => index.upsert([offer({ id: 'ofr_x', priceMicros: Number.NaN })])).toThrow(TypeError);
    expect(index.version).toBe(version);
    expect(index.get('ofr_l1')).toBeDefined();
    expect(index.get('ofr_l2')).toBeUndefined();
  });

  it('keeps a provider resynced to nothing in the counts with zero offers', () => {
    const index = createOfferIndex();
    index.upsert([offer({ id: 'ofr_a', provider: 'aws' }), offer({ id: 'ofr_b', provider: 'gcp' })]);
    index.replaceProvider('aws', []);
    expect([...index.providerCounts()]).toEqual([
      ['aws', { total: 0, available: 0 }],
      ['gcp', { total: 1, available: 1 }],
    ]);
  });

  it('moves an offer upserted under another provider', () => {
    const index = createOfferIndex();
    index.upsert([offer({ id: 'ofr_a', provider: 'aws' })]);
    index.upsert([offer({ id: 'ofr_a', provider: 'gcp' })]);
    index.replaceProvider('aws', []);
    expect(index.get('ofr_a')?.provider).toBe('gcp');
  });

  it('keeps its own copies: mutating the caller’s object changes nothing', () => {
    const index = createOfferIndex();
    const mine = offer({ id: 'ofr_a', priceMicros: 1_000_000 });
    index.upsert([mine]);
    mine.priceMicros = 9;
    expect(index.get('ofr_a')?.priceMicros).toBe(1_000_000);
  });

  it('serves a query issued after a change from the new data (views rebuild on change)', () => {
    const index = createOfferIndex();
    index.upsert([
      offer({ id: 'ofr_a', priceMicros: 2_000_000 }),
      offer({ id: 'ofr_b', priceMicros: 3_000_000 }),
    ]);
    expect(index.query({ sort: 'price', limit: 1 }).items[0]!.offer.id).toBe('ofr_a');
    index.upsert([offer({ id: 'ofr_b', priceMicros: 1_000_000 })]);
    expect(index.query({ sort: 'price', limit: 1 }).items[0]!.offer.id).toBe('ofr_b');
    expect(index.query({ sort: 'value', weights: { price: 1 }, limit: 1 }).items[0]!.offer.id).toBe('ofr_b');
  });
});

describe('featured', () => {
  const index = createOfferIndex();
  index.upsert([
    offer({ id: 'ofr_spot', gpuModel: 'H100-80GB-SXM', spot: true, priceMicros: 900_000 }),
    offer({ id: 'ofr_gone', gpuModel: 'H100-80GB-SXM', availability: 'unavailable', priceMicros: 1_000_000 }),
    offer({ id: 'ofr_lim', gpuModel: 'H100-80GB-SXM', availability: 'limited', priceMicros: 2_100_000 }),
    offer({ id: 'ofr_av', gpuModel: 'H100-80GB-SXM', priceMicros: 2_400_000 }),
    offer({ id: 'ofr_t4spot', gpuModel: 'T4', spot: true, priceMicros: 100_000 }),
  ]);

  it('picks the cheapest available on-demand offer per model, in the order asked', () => {
    expect(index.featured(['T4', 'H100-80GB-SXM', 'B200'])).toEqual([
      { model: 'T4', offer: null, offersCount: 1 },
      { model: 'H100-80GB-SXM', offer: index.get('ofr_lim'), offersCount: 3 },
      { model: 'B200', offer: null, offersCount: 0 },
    ]);
  });
});

describe('facets', () => {
  it('counts models and providers and lists regions and countries', () => {
    const index = createOfferIndex();
    index.upsert([
      offer({ id: 'ofr_1', gpuModel: 'T4', provider: 'gcp', region: 'us-east1', country: 'US' }),
      offer({ id: 'ofr_2', gpuModel: 'T4', provider: 'aws', region: 'eu-west-1', country: 'IE' }),
      offer({ id: 'ofr_3', gpuModel: 'A10', provider: 'aws', region: 'eu-west-1', country: 'IE' }),
      offer({ id: 'ofr_4', gpuModel: 'A10', provider: 'vast', region: 'dc-9', country: null }),
      offer({ id: 'ofr_5', gpuModel: 'A10', provider: 'vast', region: 'dc-9', availability: 'unavailable' }),
    ]);
    expect(index.facets()).toEqual({
      gpuModels: [
        { model: 'A10', count: 3 },
        { model: 'T4', count: 2 },
      ],
      regions: ['dc-9', 'eu-west-1', 'us-east1'],
      countries: ['IE', 'US'],
      providers: [
        { id: 'aws', count: 2 },
        { id: 'gcp', count: 1 },
        { id: 'vast', count: 2 },
      ],
    });
    expect(index.providerCounts().get('vast')).toEqual({ total: 2, available: 1 });
  });
});

describe('performance sanity (no timing assertions)', () => {
  const index = createOfferIndex();
  index.upsert(createSyntheticCatalog(50_000, 5));

  it('sorts a 50k index once per sort and change, not per query', () => {
    const q = { sort: 'price' as const, gpuModels: ['A10', 'L40S'], available: true, maxPrice: 4, limit: 50 };
    const first = index.query(q);
    const builds = index.stats().viewBuilds;
    for (let i = 0; i < 300; i++) expect(index.query(q).nextCursor).toBe(first.nextCursor);
    for (let i = 0; i < 300; i++) index.query({ sort: 'price', limit: 50 });
    expect(index.stats().viewBuilds).toBe(builds);
    expect(first.items).toHaveLength(50);
    index.upsert([offer({ id: 'ofr_new', gpuModel: 'A10', priceMicros: 1 })]);
    expect(index.query(q).items[0]!.offer.id).toBe('ofr_new');
    expect(index.stats().viewBuilds).toBe(builds + 1);
  });

  it('ranks a value query once and pages from the cached ranking', () => {
    const rankings = index.stats().valueRankings;
    let page = index.query({ sort: 'value', limit: 50 });
    for (let i = 0; i < 50; i++) page = index.query({ sort: 'value', limit: 50, cursor: page.nextCursor! });
    expect(page.items).toHaveLength(50);
    expect(index.stats().valueRankings).toBe(rankings + 1);
  });
});
