import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { digitaloceanAdapter, parseDigitalOceanSizes } from './digitalocean.adapter.js';

// No recorded DigitalOcean body exists in assets/datasets/provider-api, so these bodies are built in the
// documented shape of GET /v2/sizes (https://docs.digitalocean.com/reference/api/reference/sizes/, GPU
// fields as in digitalocean/godo `Size.GPUInfo` and its sizes_test.go): `links.pages.next` is an absolute
// URL, `memory` MB, `gpu_info.vram` the total of all GPUs.
const PAGE_1 = {
  sizes: [
    {
      slug: 's-1vcpu-1gb',
      memory: 1024,
      vcpus: 1,
      disk: 25,
      transfer: 1,
      price_monthly: 5,
      price_hourly: 0.00744,
      regions: ['nyc1', 'nyc2'],
      available: true,
      description: 'Basic',
    },
    {
      slug: 'gpu-h100x8-640gb',
      memory: 1966080,
      vcpus: 160,
      disk: 2046,
      transfer: 60,
      price_monthly: 17796.48,
      price_hourly: 23.92,
      regions: ['nyc1', 'tor1'],
      available: true,
      description: 'H100 GPU - 8X',
      gpu_info: { count: 8, vram: { amount: 640, unit: 'gib' }, model: 'nvidia_h100' },
      disk_info: [{ type: 'local', size: { amount: 2046, unit: 'gib' } }],
    },
  ],
  links: { pages: { next: 'https://api.digitalocean.com/v2/sizes?page=2&per_page=200' } },
  meta: { total: 4 },
};
const PAGE_2 = {
  sizes: [
    {
      slug: 'gpu-mi300x1-192gb',
      memory: 245760,
      vcpus: 20,
      disk: 720,
      transfer: 15,
      price_monthly: 1480.56,
      price_hourly: 1.99,
      regions: ['atl1'],
      available: true,
      description: 'AMD MI300X - 1X',
      gpu_info: { count: 1, vram: { amount: 192, unit: 'gib' }, model: 'amd_mi300x' },
    },
    {
      slug: 'gpu-l40sx1-48gb',
      memory: 65536,
      vcpus: 8,
      disk: 500,
      transfer: 10,
      price_monthly: 1168.08,
      price_hourly: 1.57,
      regions: [],
      available: false,
      description: 'L40S GPU - 1X',
      gpu_info: { count: 1, vram: { amount: 49152, unit: 'mib' }, model: 'nvidia_l40s' },
    },
  ],
  links: { pages: { prev: 'https://api.digitalocean.com/v2/sizes?page=1&per_page=200' } },
  meta: { total: 4 },
};

const ROUTES: RecordedRoute[] = [
  { method: 'GET', path: '/v2/sizes', body: PAGE_1, when: (r) => r.query.get('page') === '1' },
  { method: 'GET', path: '/v2/sizes', body: PAGE_2, when: (r) => r.query.get('page') === '2' },
];

const listWith = (routes: RecordedRoute[]) => listOffersOver(digitaloceanAdapter, routes);

describe('digitaloceanAdapter over GET /v2/sizes', () => {
  it('follows links.pages.next with the bearer token and maps every field of an offer', async () => {
    const { offers, requests } = await listWith(ROUTES);

    expect(requests.map((r) => [r.path, r.query.get('page'), r.query.get('per_page')])).toEqual([
      ['/v2/sizes', '1', '200'],
      ['/v2/sizes', '2', '200'],
    ]);
    expect(requests.every((r) => r.headers.authorization === 'Bearer test-key')).toBe(true);

    // gpu-h100x8-640gb: memory 1966080 MB → 1920 GB; vram 640 gib over 8 GPUs → 80 per GPU.
    expect(offers.find((o) => o.providerOfferId === 'gpu-h100x8-640gb:tor1')).toEqual({
      providerOfferId: 'gpu-h100x8-640gb:tor1',
      gpuName: 'nvidia_h100',
      gpuCount: 8,
      gpuVramGb: 80,
      vcpus: 160,
      ramGb: 1920,
      storageGb: 2046,
      region: 'tor1',
      country: 'CA',
      spot: false,
      availability: 'available',
      pricePerHour: 23.92,
    });
  });

  it('lists one offer per GPU size x region, skips CPU sizes, marks a size with no region unavailable', async () => {
    const { offers } = await listWith(ROUTES);

    expect(offers.map((o) => o.providerOfferId)).toEqual([
      'gpu-h100x8-640gb:nyc1',
      'gpu-h100x8-640gb:tor1',
      'gpu-mi300x1-192gb:atl1',
      'gpu-l40sx1-48gb',
    ]);
    expect(offers.find((o) => o.providerOfferId === 'gpu-mi300x1-192gb:atl1')).toMatchObject({
      gpuVramGb: 192,
      ramGb: 240,
      country: 'US',
      pricePerHour: 1.99,
    });
    // 49152 mib → 48 GB; sold out (available false, no region).
    expect(offers.find((o) => o.providerOfferId === 'gpu-l40sx1-48gb')).toMatchObject({
      gpuVramGb: 48,
      ramGb: 64,
      region: 'unknown',
      country: null,
      availability: 'unavailable',
    });
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      digitaloceanAdapter,
      [
        {
          method: 'GET',
          path: '/v2/sizes',
          status: 401,
          body: { id: 'unauthorized', message: 'Unable to authenticate you' },
        },
      ],
      401,
    );
  });

  it('rejects a body of unexpected shape', () => {
    expect(() => parseDigitalOceanSizes({ sizes: { slug: 'x' } })).toThrow();
  });

  it('seeds from the published price list', async () => {
    const seed = await digitaloceanAdapter.seedOffers();
    expect(seed.source).toContain('docs.digitalocean.com/products/droplets/details/pricing');
    expect(seed.offers).toHaveLength(4);
    expect(seed.offers.find((o) => o.providerOfferId === 'gpu-h100x8-640gb:nyc1')).toMatchObject({
      gpuCount: 8,
      pricePerHour: 23.92,
    });
    expect(seed.offers.every((o) => !('cite' in o))).toBe(true);
  });
});
