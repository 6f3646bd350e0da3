import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { primeintellectAdapter } from './primeintellect.adapter.js';

const listWith = (routes: RecordedRoute[]) =>
  listOffersOver(primeintellectAdapter, routes, { prefix: '/api/v1' });

const onPage = (page: number) => (r: { query: URLSearchParams }) => r.query.get('page') === String(page);

interface Recorded {
  items: Array<Record<string, unknown>>;
  totalCount: number;
}

describe('primeintellectAdapter over the recorded /availability/gpus body', () => {
  it('pages with the bearer key until an empty page and maps every field', async () => {
    // The fixture is page 1 of a 608-item listing holding 8 items; page 2 answers empty here.
    const { offers, requests } = await listWith([
      { method: 'GET', path: '/availability/gpus', when: onPage(2), body: { items: [], totalCount: 608 } },
      {
        method: 'GET',
        path: '/availability/gpus',
        when: onPage(1),
        file: 'primeintellect/availability.json',
      },
    ]);

    expect(requests.map((r) => [r.method, r.path, r.query.toString()])).toEqual([
      ['GET', '/availability/gpus', 'page=1&page_size=100'],
      ['GET', '/availability/gpus', 'page=2&page_size=100'],
    ]);
    for (const req of requests) expect(req.headers.authorization).toBe('Bearer test-key');

    expect(offers).toHaveLength(8);
    expect(new Set(offers.map((o) => o.providerOfferId)).size).toBe(8);
    // Item 6: runpod "NVIDIA H100 80GB HBM3", SXM5, CA-MTL-1, vcpu 28, memory 251, onDemand 2.7068, Low.
    expect(offers[5]).toEqual({
      providerOfferId: 'runpod:NVIDIA H100 80GB HBM3:CA-MTL-1:secure_cloud:1x',
      gpuName: 'H100_80GB SXM5',
      gpuCount: 1,
      gpuVramGb: 80,
      vcpus: 28,
      ramGb: 251,
      storageGb: 0,
      region: 'CA-MTL-1',
      country: 'CA',
      spot: false,
      availability: 'limited',
      pricePerHour: 2.7068,
    });
    expect(offers[0]).toMatchObject({
      gpuName: 'A100_80GB PCIe',
      region: 'US-KS-2',
      country: 'US',
      pricePerHour: 1.6567999999999998,
    });
  });

  it('stops once totalCount items are read, maps spot, community price, stock and skips unpriced items', async () => {
    const recorded = await readDatasetJson<Recorded>('provider-api', 'primeintellect/availability.json');
    const [first, second] = recorded.items as [Record<string, unknown>, Record<string, unknown>];
    const page2 = [
      { ...second, isSpot: true, stockStatus: 'High', prices: { onDemand: 0.9, communityPrice: null } },
      {
        ...second,
        security: 'community_cloud',
        stockStatus: 'Unavailable',
        prices: { onDemand: null, communityPrice: 1.19 },
      },
      { ...second, dataCenter: 'US-TX-3', prices: { onDemand: null, communityPrice: null } },
    ];
    const { offers, requests } = await listWith([
      { method: 'GET', path: '/availability/gpus', when: onPage(1), body: { items: [first], totalCount: 4 } },
      { method: 'GET', path: '/availability/gpus', when: onPage(2), body: { items: page2, totalCount: 4 } },
    ]);

    expect(requests).toHaveLength(2);
    expect(offers.map((o) => o.providerOfferId)).toEqual([
      'runpod:NVIDIA A100 80GB PCIe:US-KS-2:secure_cloud:1x',
      'runpod:NVIDIA A100-SXM4-80GB:US-KS-2:secure_cloud:1x:spot',
      'runpod:NVIDIA A100-SXM4-80GB:US-KS-2:community_cloud:1x',
    ]);
    expect(offers[1]).toMatchObject({ spot: true, availability: 'available', pricePerHour: 0.9 });
    expect(offers[2]).toMatchObject({ spot: false, availability: 'unavailable', pricePerHour: 1.19 });
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      primeintellectAdapter,
      [{ method: 'GET', path: '/availability/gpus', status: 401, body: { detail: 'Authorization failed' } }],
      401,
      { prefix: '/api/v1' },
    );
  });

  it('rejects a body of unexpected shape', async () => {
    await expect(listWith([{ method: 'GET', path: '/availability/gpus', body: [1, 2] }])).rejects.toThrow();
  });

  it('seeds from the recorded body through the same parser', async () => {
    const seed = await primeintellectAdapter.seedOffers();
    expect(seed.source).toContain('primeintellect/availability.json');
    expect(seed.offers).toHaveLength(8);
  });
});
