import { describe, expect, it } from 'vitest';
import type { CatalogOffer } from '../catalog.types.js';
import { createOfferIndex, type OfferQuery } from './offer-index.js';
import { createSyntheticCatalog, offer, pageAll } from './offer-index.test-support.js';

function ids(offers: readonly CatalogOffer[], q: Omit<OfferQuery, 'sort' | 'limit'>): string[] {
  const index = createOfferIndex();
  index.upsert(offers);
  return pageAll(index, { ...q, sort: 'price', limit: 2 })
    .map((item) => item.offer.id)
    .sort();
}

describe('offer filters — each one as API.md means it', () => {
  it('min_vram_gb is per GPU, not the total of the offer', () => {
    const offers = [
      offer({ id: 'ofr_8x24', gpuModel: 'RTX-4090', gpuCount: 8, gpuVramGb: 24 }),
      offer({ id: 'ofr_1x80', gpuCount: 1, gpuVramGb: 80 }),
      offer({ id: 'ofr_1x48', gpuModel: 'L40S', gpuCount: 1, gpuVramGb: 48 }),
    ];
    expect(ids(offers, { minVramGb: 80 })).toEqual(['ofr_1x80']);
    expect(ids(offers, { minVramGb: 48 })).toEqual(['ofr_1x48', 'ofr_1x80']);
  });

  it('min_price and max_price are inclusive and compared in micro-dollars', () => {
    // 0.57 × 1e6 is 569999.99999… in floating point: a float comparison would drop the 0.57 offer.
    const offers = [
      offer({ id: 'ofr_a', priceMicros: 569_999 }),
      offer({ id: 'ofr_b', priceMicros: 570_000 }),
      offer({ id: 'ofr_c', priceMicros: 570_001 }),
      offer({ id: 'ofr_d', priceMicros: 1_290_000 }),
    ];
    expect(ids(offers, { maxPrice: 0.57 })).toEqual(['ofr_a', 'ofr_b']);
    expect(ids(offers, { minPrice: 0.57 })).toEqual(['ofr_b', 'ofr_c', 'ofr_d']);
    expect(ids(offers, { minPrice: 0.57, maxPrice: 1.29 })).toEqual(['ofr_b', 'ofr_c', 'ofr_d']);
    expect(ids(offers, { minPrice: 0.570001, maxPrice: 0.570001 })).toEqual(['ofr_c']);
  });

  it('repeatable gpu_model and provider are OR-ed within, AND-ed across', () => {
    const offers = [
      offer({ id: 'ofr_h100_aws', gpuModel: 'H100-80GB-SXM', provider: 'aws' }),
      offer({ id: 'ofr_h100_gcp', gpuModel: 'H100-80GB-SXM', provider: 'gcp' }),
      offer({ id: 'ofr_a10_aws', gpuModel: 'A10', provider: 'aws' }),
      offer({ id: 'ofr_t4_aws', gpuModel: 'T4', provider: 'aws' }),
      offer({ id: 'ofr_a10_vast', gpuModel: 'A10', provider: 'vast' }),
    ];
    expect(ids(offers, { gpuModels: ['H100-80GB-SXM', 'A10'] })).toEqual([
      'ofr_a10_aws',
      'ofr_a10_vast',
      'ofr_h100_aws',
      'ofr_h100_gcp',
    ]);
    expect(ids(offers, { providers: ['gcp', 'vast'] })).toEqual(['ofr_a10_vast', 'ofr_h100_gcp']);
    expect(ids(offers, { gpuModels: ['A10', 'T4'], providers: ['aws'] })).toEqual([
      'ofr_a10_aws',
      'ofr_t4_aws',
    ]);
    expect(ids(offers, { gpuModels: ['H200'] })).toEqual([]);
    expect(ids(offers, { gpuModels: [] })).toHaveLength(5);
  });

  it('available=true drops only unavailable offers; limited ones stay', () => {
    const offers = [
      offer({ id: 'ofr_av', availability: 'available' }),
      offer({ id: 'ofr_li', availability: 'limited' }),
      offer({ id: 'ofr_un', availability: 'unavailable' }),
    ];
    expect(ids(offers, { available: true })).toEqual(['ofr_av', 'ofr_li']);
    // API.md only defines available=true; false filters nothing (documented).
    expect(ids(offers, { available: false })).toEqual(['ofr_av', 'ofr_li', 'ofr_un']);
  });

  it('spot=false keeps on-demand only, spot=true spot only, absent both', () => {
    const offers = [offer({ id: 'ofr_od', spot: false }), offer({ id: 'ofr_sp', spot: true })];
    expect(ids(offers, { spot: false })).toEqual(['ofr_od']);
    expect(ids(offers, { spot: true })).toEqual(['ofr_sp']);
    expect(ids(offers, {})).toEqual(['ofr_od', 'ofr_sp']);
  });

  it('GPU count, vCPU and RAM bounds are inclusive', () => {
    const offers = [1, 2, 4, 8].map((n) =>
      offer({ id: `ofr_${n}`, gpuCount: n, vcpus: n * 8, ramGb: n * 32 }),
    );
    expect(ids(offers, { minGpuCount: 2, maxGpuCount: 4 })).toEqual(['ofr_2', 'ofr_4']);
    expect(ids(offers, { minVcpus: 32 })).toEqual(['ofr_4', 'ofr_8']);
    expect(ids(offers, { minRamGb: 64 })).toEqual(['ofr_2', 'ofr_4', 'ofr_8']);
  });

  it('region and country match exactly, ignoring case', () => {
    const offers = [
      offer({ id: 'ofr_mtl', region: 'CA-MTL-1', country: 'CA' }),
      offer({ id: 'ofr_use', region: 'us-east-1', country: 'US' }),
      offer({ id: 'ofr_use2', region: 'us-east-2', country: 'US' }),
      offer({ id: 'ofr_none', region: 'dc-7', country: null }),
    ];
    expect(ids(offers, { region: 'ca-mtl-1' })).toEqual(['ofr_mtl']);
    expect(ids(offers, { region: 'us-east' })).toEqual([]);
    expect(ids(offers, { country: 'us' })).toEqual(['ofr_use', 'ofr_use2']);
  });
});

describe('offer filters — all together against a naive reference', () => {
  const catalog = createSyntheticCatalog(3000, 7);
  const index = createOfferIndex();
  index.upsert(catalog);
  const cases: Array<Omit<OfferQuery, 'sort' | 'limit'>> = [
    { gpuModels: ['A10', 'RTX-4090'], available: true, maxPrice: 2 },
    { providers: ['aws', 'vast'], spot: true, minGpuCount: 2 },
    { minVramGb: 48, country: 'DE', minVcpus: 16 },
    { region: 'us-east-1', minPrice: 1.5, maxGpuCount: 4, minRamGb: 64 },
  ];
  it.each(cases)('matches a plain filter of the fixture: %j', (q) => {
    const expected = catalog.filter(
      (o) =>
        (!q.gpuModels || q.gpuModels.includes(o.gpuModel)) &&
        (!q.providers || q.providers.includes(o.provider)) &&
        (q.spot === undefined || o.spot === q.spot) &&
        (!q.available || o.availability !== 'unavailable') &&
        (q.maxPrice === undefined || o.priceMicros <= q.maxPrice * 1e6) &&
        (q.minPrice === undefined || o.priceMicros >= q.minPrice * 1e6) &&
        (q.minGpuCount === undefined || o.gpuCount >= q.minGpuCount) &&
        (q.maxGpuCount === undefined || o.gpuCount <= q.maxGpuCount) &&
        (q.minVramGb === undefined || o.gpuVramGb >= q.minVramGb) &&
        (q.country === undefined || o.country === q.country) &&
        (q.region === undefined || o.region === q.region) &&
        (q.minVcpus === undefined || o.vcpus >= q.minVcpus) &&
        (q.minRamGb === undefined || o.ramGb >= q.minRamGb),
    );
    const got = pageAll(index, { ...q, sort: 'price', limit: 25 }).map((i) => i.offer.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(got.sort()).toEqual(expected.map((o) => o.id).sort());
  });
});
