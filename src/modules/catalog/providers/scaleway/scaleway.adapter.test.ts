import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import {
  createScalewayAdapter,
  parseScalewayServerTypes,
  SCALEWAY_ZONES,
  scalewayAdapter,
  scalewayAvailability,
} from './scaleway.adapter.js';

// No recorded Scaleway body exists in assets/datasets/provider-api, so these bodies are built in the
// documented shape of GET /instance/v1/zones/{zone}/products/servers and …/availability
// (https://www.scaleway.com/en/developers/api/instance/#path-instance-types-list-instance-types; GPU fields
// as in scaleway-sdk-js `ServerTypeGPUInfo`): `servers` keyed by commercial type, bytes for memory, EUR
// `hourly_price`, `total_count`. The GPU entries reuse values of a captured real answer.
function cpuFiller(count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    out[`PLAY2-FILLER-${i}`] = { ncpus: 2, ram: 4294967296, gpu: 0, gpu_info: null, hourly_price: 0.02754 };
  }
  return out;
}

const H100 = {
  alt_names: [],
  arch: 'x86_64',
  ncpus: 24,
  ram: 257698037760,
  gpu: 1,
  gpu_info: { gpu_manufacturer: 'NVIDIA', gpu_name: 'H100-PCIe', gpu_memory: 85899345920 },
  volumes_constraint: { min_size: 0, max_size: 0 },
  scratch_storage_max_size: 3000000000000,
  monthly_price: 2092.545,
  hourly_price: 2.8665,
  end_of_service: false,
};
const L4X2 = {
  ncpus: 16,
  ram: 103079215104,
  gpu: 2,
  gpu_info: { gpu_manufacturer: 'NVIDIA', gpu_name: 'L4', gpu_memory: 25769803776 },
  scratch_storage_max_size: 0,
  hourly_price: 1.575,
  end_of_service: false,
};
const L40S = {
  ncpus: 8,
  ram: 103079215104,
  gpu: 1,
  gpu_info: { gpu_manufacturer: 'NVIDIA', gpu_name: 'L40S', gpu_memory: 51539607552 },
  scratch_storage_max_size: 1600000000000,
  hourly_price: 1.469916,
  end_of_service: false,
};

const PAR2_PAGE_1 = { servers: { 'H100-1-80G': H100, ...cpuFiller(99) }, total_count: 101 };
const PAR2_PAGE_2 = { servers: { 'L4-2-24G': L4X2 }, total_count: 101 };
const WAW2 = {
  servers: { 'L40S-1-48G': L40S, 'DEV1-S': { ncpus: 2, ram: 2147483648, gpu: 0, hourly_price: 0.008976 } },
  total_count: 2,
};

const byPage = (page: string) => (r: { query: URLSearchParams }) => r.query.get('page') === page;
const ROUTES: RecordedRoute[] = [
  {
    method: 'GET',
    path: '/instance/v1/zones/fr-par-2/products/servers',
    body: PAR2_PAGE_1,
    when: byPage('1'),
  },
  {
    method: 'GET',
    path: '/instance/v1/zones/fr-par-2/products/servers',
    body: PAR2_PAGE_2,
    when: byPage('2'),
  },
  {
    method: 'GET',
    path: '/instance/v1/zones/fr-par-2/products/servers/availability',
    body: {
      servers: { 'H100-1-80G': { availability: 'scarce' }, 'L4-2-24G': { availability: 'available' } },
      total_count: 2,
    },
  },
  { method: 'GET', path: '/instance/v1/zones/pl-waw-2/products/servers', body: WAW2 },
  {
    method: 'GET',
    path: '/instance/v1/zones/pl-waw-2/products/servers/availability',
    body: { servers: { 'L40S-1-48G': { availability: 'shortage' } }, total_count: 1 },
  },
];

const scalewayIn = (zones: string[]) => createScalewayAdapter({ zones });
// Prices convert at ctx.usdPerEur (the parameter catalog.usd_per_eur): 1.1 here.
const listWith = (routes: RecordedRoute[], zones = ['fr-par-2', 'pl-waw-2']) =>
  listOffersOver(scalewayIn(zones), routes, { usdPerEur: 1.1 });

describe('scalewayAdapter over products/servers and products/servers/availability', () => {
  it('pages each zone with X-Auth-Token and maps every field of an offer', async () => {
    const { offers, requests } = await listWith(ROUTES);

    const servers = requests.filter((r) => r.path === '/instance/v1/zones/fr-par-2/products/servers');
    expect(servers?.map((r) => [r.query.get('page'), r.query.get('per_page')])).toEqual([
      ['1', '100'],
      ['2', '100'],
    ]);
    expect(requests).toHaveLength(5);
    expect(requests.every((r) => r.headers['x-auth-token'] === 'test-key')).toBe(true);

    // H100-1-80G: 257698037760 B = 240 GiB RAM, 85899345920 B = 80 GiB VRAM, 3e12 B scratch = 3000 GB,
    // EUR 2.8665 × 1.1 = USD 3.15315; stock 'scarce' → limited.
    expect(offers.find((o) => o.providerOfferId === 'H100-1-80G:fr-par-2')).toEqual({
      providerOfferId: 'H100-1-80G:fr-par-2',
      gpuName: 'H100-PCIe',
      gpuCount: 1,
      gpuVramGb: 80,
      vcpus: 24,
      ramGb: 240,
      storageGb: 3000,
      region: 'fr-par-2',
      country: 'FR',
      spot: false,
      availability: 'limited',
      pricePerHour: 3.15315,
    });
  });

  it('skips CPU types and maps every stock level', async () => {
    const { offers } = await listWith(ROUTES);

    expect(offers.map((o) => [o.providerOfferId, o.availability, o.country])).toEqual([
      ['H100-1-80G:fr-par-2', 'limited', 'FR'],
      ['L4-2-24G:fr-par-2', 'available', 'FR'],
      ['L40S-1-48G:pl-waw-2', 'unavailable', 'PL'],
    ]);
    expect(offers.find((o) => o.providerOfferId === 'L4-2-24G:fr-par-2')).toMatchObject({
      gpuCount: 2,
      gpuVramGb: 24,
      ramGb: 96,
      storageGb: 0,
      pricePerHour: 1.7325,
    });
  });

  it('queries all nine documented zones by default', () => {
    expect(SCALEWAY_ZONES).toHaveLength(9);
    expect(scalewayAvailability(undefined)).toBe('limited');
    expect(
      parseScalewayServerTypes({ servers: { X: { ...H100, end_of_service: true } } }, 'nl-ams-1', {}, 1)[0],
    ).toMatchObject({ availability: 'unavailable', country: 'NL', pricePerHour: 2.8665 });
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    const failing = [
      {
        method: 'GET',
        path: /products\/servers/,
        status: 401,
        body: { message: 'authentication is denied' },
      },
    ];
    await expectProviderHttpError(scalewayIn(['fr-par-2']), failing, 401);
  });

  it('rejects a body of unexpected shape', async () => {
    await expect(
      listWith([{ method: 'GET', path: /products\/servers/, body: { server_types: {} } }], ['fr-par-2']),
    ).rejects.toThrow('without servers');
  });

  it('seeds from the captured catalog answer through the same parser', async () => {
    const seed = await scalewayAdapter.seedOffers();
    expect(seed.source).toContain('products/servers');
    expect(seed.offers).toHaveLength(5);
    expect(seed.offers.find((o) => o.providerOfferId === 'H100-SXM-8-80G:fr-par-2')).toMatchObject({
      gpuCount: 8,
      vcpus: 128,
      ramGb: 960,
      pricePerHour: 26.371896, // EUR 25.3308 × 1.0411
    });
  });
});
