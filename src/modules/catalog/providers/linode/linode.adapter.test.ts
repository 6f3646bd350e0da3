import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { linodeAdapter } from './linode.adapter.js';

const listWith = (routes: RecordedRoute[]) => listOffersOver(linodeAdapter, routes, { prefix: '/v4' });

const recordedRoutes: RecordedRoute[] = [
  { method: 'GET', path: '/linode/types', file: 'linode/linode-types.json' },
  { method: 'GET', path: '/regions', file: 'linode/regions.json' },
];

interface Page {
  data: Array<Record<string, unknown>>;
  page: number;
  pages: number;
  results: number;
}

describe('linodeAdapter over the recorded /linode/types and /regions bodies', () => {
  it('requests page 1 of each list with the bearer token and maps every field', async () => {
    const { offers, requests } = await listWith(recordedRoutes);

    expect(requests.map((r) => [r.method, r.path, r.query.toString()])).toEqual([
      ['GET', '/linode/types', 'page=1&page_size=500'],
      ['GET', '/regions', 'page=1&page_size=500'],
    ]);
    for (const req of requests) expect(req.headers.authorization).toBe('Bearer test-key');

    // g1-gpu-rtx6000-2: "Dedicated 64GB + RTX6000 GPU x2", memory 65536 MB, disk 1310720 MB,
    // vcpus 16, price.hourly 3.0; us-ord has "GPU Linodes", country "us", status "ok".
    expect(offers.find((o) => o.providerOfferId === 'g1-gpu-rtx6000-2:us-ord')).toEqual({
      providerOfferId: 'g1-gpu-rtx6000-2:us-ord',
      gpuName: 'RTX6000',
      gpuCount: 2,
      gpuVramGb: null,
      vcpus: 16,
      ramGb: 64,
      storageGb: 1280,
      region: 'us-ord',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 3,
    });
  });

  it('crosses the 4 GPU plans with the 24 GPU regions and skips CPU plans and other regions', async () => {
    const { offers } = await listWith(recordedRoutes);

    expect(offers).toHaveLength(96);
    expect(new Set(offers.map((o) => o.providerOfferId.split(':')[0]))).toEqual(
      new Set(['g1-gpu-rtx6000-1', 'g1-gpu-rtx6000-2', 'g1-gpu-rtx6000-3', 'g1-gpu-rtx6000-4']),
    );
    // au-mel and us-west lack the "GPU Linodes" capability.
    expect(offers.some((o) => o.region === 'au-mel' || o.region === 'us-west')).toBe(false);
    expect(offers.find((o) => o.providerOfferId === 'g1-gpu-rtx6000-4:gb-lon')).toMatchObject({
      gpuCount: 4,
      ramGb: 128,
      storageGb: 2560,
      country: 'GB',
      pricePerHour: 6,
    });
  });

  it('follows pages until `pages` and applies region price overrides and region status', async () => {
    const types = await readDatasetJson<Page>('provider-api', 'linode/linode-types.json');
    const regions = await readDatasetJson<Page>('provider-api', 'linode/regions.json');
    const rtx1 = types.data.find((t) => t.id === 'g1-gpu-rtx6000-1');
    const page2 = {
      data: [
        {
          ...rtx1,
          id: 'g1-gpu-rtx6000-1-priced',
          region_prices: [
            { id: 'us-ord', hourly: 1.65, monthly: 1100 },
            { id: 'br-gru', hourly: 1.8, monthly: 1200 },
          ],
        },
      ],
      page: 2,
      pages: 2,
      results: types.results + 1,
    };
    const regionsWithOutage = {
      ...regions,
      data: regions.data.map((r) => (r.id === 'es-mad' ? { ...r, status: 'outage' } : r)),
    };
    const { offers, requests } = await listWith([
      { method: 'GET', path: '/linode/types', when: (r) => r.query.get('page') === '2', body: page2 },
      { method: 'GET', path: '/linode/types', body: { ...types, pages: 2 } },
      { method: 'GET', path: '/regions', body: regionsWithOutage },
    ]);

    expect(requests.map((r) => `${r.path}?${r.query.toString()}`)).toEqual([
      '/linode/types?page=1&page_size=500',
      '/linode/types?page=2&page_size=500',
      '/regions?page=1&page_size=500',
    ]);
    // 96 from page 1, plus the page-2 plan in the 24 GPU regions and br-gru (named by its override).
    expect(offers).toHaveLength(121);
    expect(offers.find((o) => o.providerOfferId === 'g1-gpu-rtx6000-1-priced:us-ord')?.pricePerHour).toBe(
      1.65,
    );
    expect(offers.find((o) => o.providerOfferId === 'g1-gpu-rtx6000-1-priced:gb-lon')?.pricePerHour).toBe(
      1.5,
    );
    expect(offers.find((o) => o.providerOfferId === 'g1-gpu-rtx6000-1-priced:br-gru')).toMatchObject({
      region: 'br-gru',
      country: 'BR',
      availability: 'available',
      pricePerHour: 1.8,
    });
    expect(offers.find((o) => o.providerOfferId === 'g1-gpu-rtx6000-1:es-mad')?.availability).toBe(
      'unavailable',
    );
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      linodeAdapter,
      [
        {
          method: 'GET',
          path: '/linode/types',
          status: 401,
          body: { errors: [{ reason: 'Invalid Token' }] },
        },
      ],
      401,
      { prefix: '/v4' },
    );
  });

  it('seeds from the recorded bodies through the same parser', async () => {
    const seed = await linodeAdapter.seedOffers();
    expect(seed.source).toContain('linode/linode-types.json');
    expect(seed.offers).toHaveLength(96);
  });
});
