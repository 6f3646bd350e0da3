import { describe, expect, it } from 'vitest';
import type { CatalogOffer } from '../catalog.types.js';
import { createOfferIndex } from './offer-index.js';
import { createSyntheticCatalog, offer, pageAll } from './offer-index.test-support.js';
import { topsis } from './topsis.js';

// Independent reference orders, written from API.md rather than from the index's key encoding.
const byId = (a: CatalogOffer, b: CatalogOffer) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const availabilityOrder = { available: 0, limited: 1, unavailable: 2 } as const;
const reference = {
  price: (a: CatalogOffer, b: CatalogOffer) => a.priceMicros - b.priceMicros || byId(a, b),
  '-price': (a: CatalogOffer, b: CatalogOffer) => b.priceMicros - a.priceMicros || byId(a, b),
  performance: (a: CatalogOffer, b: CatalogOffer) => b.performanceScore - a.performanceScore || byId(a, b),
  availability: (a: CatalogOffer, b: CatalogOffer) =>
    availabilityOrder[a.availability] - availabilityOrder[b.availability] ||
    a.priceMicros - b.priceMicros ||
    byId(a, b),
};

describe('offer sorts against an independent sort of the fixture', () => {
  const catalog = createSyntheticCatalog(2500, 42);
  const index = createOfferIndex();
  index.upsert(catalog);

  it.each(Object.keys(reference) as Array<keyof typeof reference>)('sort=%s, paged by 37', (sort) => {
    const expected = [...catalog].sort(reference[sort]).map((o) => o.id);
    const got = pageAll(index, { sort, limit: 37 }).map((i) => i.offer.id);
    expect(got).toEqual(expected);
  });

  it.each(Object.keys(reference) as Array<keyof typeof reference>)(
    'sort=%s over merged model lists',
    (sort) => {
      const models = ['T4', 'H100-80GB-SXM', 'RTX-4090'];
      const expected = catalog
        .filter((o) => models.includes(o.gpuModel) && o.availability !== 'unavailable')
        .sort(reference[sort])
        .map((o) => o.id);
      const got = pageAll(index, { sort, gpuModels: models, available: true, limit: 20 }).map(
        (i) => i.offer.id,
      );
      expect(got).toEqual(expected);
    },
  );

  it('sort=value follows TOPSIS over the filtered set, closeness descending then id', () => {
    const weights = { price: 0.5, performance: 0.3, availability: 0.2 };
    const candidates = catalog.filter((o) => o.gpuCount <= 2 && !o.spot);
    const { scores } = topsis(
      candidates.map((o) => ({
        price: o.priceMicros / 1e6,
        performance: o.performanceScore,
        vram: o.gpuVramGb * o.gpuCount,
        availability: { available: 1, limited: 0.5, unavailable: 0 }[o.availability],
      })),
      weights,
    );
    const expected = candidates
      .map((o, i) => ({ id: o.id, score: scores[i]! }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const got = pageAll(index, { sort: 'value', weights, maxGpuCount: 2, spot: false, limit: 40 });
    expect(got.map((i) => i.offer.id)).toEqual(expected.map((e) => e.id));
    expect(got.map((i) => i.valueScore)).toEqual(expected.map((e) => e.score));
  });

  it('breaks ties on id ascending in every sort', () => {
    const tied = createOfferIndex();
    tied.upsert(['ofr_c', 'ofr_a', 'ofr_b'].map((id) => offer({ id })));
    for (const sort of ['price', '-price', 'performance', 'availability', 'value'] as const) {
      expect(pageAll(tied, { sort, limit: 1 }).map((i) => i.offer.id)).toEqual(['ofr_a', 'ofr_b', 'ofr_c']);
    }
  });
});

describe('sort=value details', () => {
  const index = createOfferIndex();
  index.upsert([
    offer({ id: 'ofr_cheap', priceMicros: 1_000_000, performanceScore: 312, gpuVramGb: 40 }),
    offer({ id: 'ofr_fast', priceMicros: 2_500_000, performanceScore: 989, gpuVramGb: 80 }),
    offer({ id: 'ofr_dominated', priceMicros: 2_600_000, performanceScore: 312, gpuVramGb: 40 }),
  ]);

  it('never ranks a dominated offer above its dominators, whatever the weights', () => {
    for (const weights of [
      { price: 1 },
      { performance: 1, price: 0.01 },
      { vram: 1, availability: 1, price: 0.1 },
    ]) {
      const order = pageAll(index, { sort: 'value', weights, limit: 10 }).map((i) => i.offer.id);
      expect(order[2]).toBe('ofr_dominated');
    }
  });

  it('explains each item with the same score it is ranked by', () => {
    const page = index.query({ sort: 'value', explain: true, limit: 3 });
    for (const item of page.items) {
      expect(item.explain?.score).toBe(item.valueScore);
      expect(item.explain?.criteria.map((c) => c.name)).toEqual([
        'price',
        'performance',
        'vram',
        'availability',
      ]);
    }
    expect(page.items[0]!.explain!.criteria[2]!.raw).toBe(page.items[0]!.offer.gpuVramGb);
    expect(index.query({ sort: 'value', limit: 3 }).items[0]!.explain).toBeUndefined();
  });

  it('ranks the best trade-off first with the default weights', () => {
    // fast costs 2.5× cheap but has 3.2× the TFLOPS and 2× the VRAM; availability is constant (adds 0).
    // Worked out like topsis.test.ts: closeness fast .552079, cheap .464293, dominated 0 (the anti-ideal).
    const order = pageAll(index, { sort: 'value', limit: 10 }).map((i) => i.offer.id);
    expect(order).toEqual(['ofr_fast', 'ofr_cheap', 'ofr_dominated']);
    const scores = index.query({ sort: 'value', limit: 3 }).items.map((i) => i.valueScore);
    expect(scores[0]).toBeCloseTo(0.552079, 5);
    expect(scores[1]).toBeCloseTo(0.464293, 5);
    expect(scores[2]).toBe(0);
  });
});
