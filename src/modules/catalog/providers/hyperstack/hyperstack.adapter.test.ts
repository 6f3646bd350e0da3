import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { hyperstackAdapter, parseHyperstackFlavors, parseHyperstackPricebook } from './hyperstack.adapter.js';

// No recorded Hyperstack body exists in assets/datasets/provider-api, so these bodies are built in the
// documented shapes: GET /core/flavors (https://docs.hyperstack.cloud/docs/api-reference/core-resources/flavors,
// flavor fields per https://docs.hyperstack.cloud/docs/api-reference/schemas/flavor-fields) and GET /pricebook
// (https://docs.hyperstack.cloud/docs/api-reference/get-pricebook: a bare array, example entry RTX-A4000 0.58).
const FLAVORS = {
  status: true,
  message: 'Success',
  data: [
    {
      gpu: 'H100-80G-PCIe',
      region_name: 'CANADA-1',
      flavors: [
        {
          id: 95,
          name: 'n3-H100x1',
          display_name: null,
          region_name: 'CANADA-1',
          cpu: 28,
          ram: 180,
          disk: 100,
          ephemeral: 750,
          gpu: 'H100-80G-PCIe',
          gpu_count: 1,
          stock_available: true,
          created_at: '2024-05-01T10:00:00Z',
          labels: [],
          features: {},
        },
        {
          id: 96,
          name: 'n3-H100x8',
          display_name: null,
          region_name: 'CANADA-1',
          cpu: 192,
          ram: 1800,
          disk: 100,
          ephemeral: 6000,
          gpu: 'H100-80G-PCIe',
          gpu_count: 8,
          stock_available: false,
          created_at: '2024-05-01T10:00:00Z',
          labels: [],
          features: {},
        },
      ],
    },
    {
      gpu: 'RTX-A4000',
      region_name: 'NORWAY-1',
      flavors: [
        {
          id: 12,
          name: 'n1-RTX-A4000x2',
          display_name: null,
          region_name: 'NORWAY-1',
          cpu: 12,
          ram: 48,
          disk: 100,
          ephemeral: 0,
          gpu: 'RTX-A4000',
          gpu_count: 2,
          stock_available: true,
          created_at: '2024-05-01T10:00:00Z',
          labels: [],
          features: {},
        },
      ],
    },
    {
      gpu: '',
      region_name: 'NORWAY-1',
      flavors: [
        {
          id: 3287,
          name: 'n1-cpu-small',
          display_name: null,
          region_name: 'NORWAY-1',
          cpu: 4,
          ram: 4,
          disk: 100,
          ephemeral: 0,
          gpu: '',
          gpu_count: 0,
          stock_available: true,
          created_at: '2026-05-06T16:04:09Z',
          labels: [],
          features: {},
        },
      ],
    },
    {
      gpu: 'L40',
      region_name: 'US-1',
      flavors: [
        {
          id: 401,
          name: 'n3-L40x1',
          display_name: null,
          region_name: 'US-1',
          cpu: 28,
          ram: 58,
          disk: 100,
          ephemeral: 725,
          gpu: 'L40',
          gpu_count: 1,
          stock_available: true,
          created_at: '2024-05-01T10:00:00Z',
          labels: [],
          features: {},
        },
      ],
    },
  ],
};
const PRICEBOOK = [
  {
    id: 10,
    name: 'RTX-A4000',
    value: 0.58,
    original_value: 0.58,
    discount_applied: false,
    start_time: null,
    end_time: null,
  },
  {
    id: 21,
    name: 'H100-80G-PCIe',
    value: '1.9',
    original_value: '2.5',
    discount_applied: true,
    start_time: null,
    end_time: null,
  },
  { id: 30, name: 'Cloud-SSD', value: 0.000096774, original_value: 0.000096774, discount_applied: false },
];

const ROUTES: RecordedRoute[] = [
  { method: 'GET', path: '/core/flavors', body: FLAVORS },
  { method: 'GET', path: '/pricebook', body: PRICEBOOK },
];

const listWith = (routes: RecordedRoute[]) => listOffersOver(hyperstackAdapter, routes, { prefix: '/v1' });

describe('hyperstackAdapter over GET /core/flavors + GET /pricebook', () => {
  it('sends both requests with the api_key header and maps every field of an offer', async () => {
    const { offers, requests } = await listWith(ROUTES);

    expect(requests.map((r) => r.path).sort()).toEqual(['/core/flavors', '/pricebook']);
    expect(requests.every((r) => r.headers.api_key === 'test-key')).toBe(true);

    // n3-H100x1: pricebook value '1.9' (string, discounted) × 1 GPU; storage 100 root + 750 ephemeral.
    expect(offers.find((o) => o.providerOfferId === 'n3-H100x1:CANADA-1')).toEqual({
      providerOfferId: 'n3-H100x1:CANADA-1',
      gpuName: 'H100-80G-PCIe',
      gpuCount: 1,
      gpuVramGb: 80,
      vcpus: 28,
      ramGb: 180,
      storageGb: 850,
      region: 'CANADA-1',
      country: 'CA',
      spot: false,
      availability: 'available',
      pricePerHour: 1.9,
    });
  });

  it('prices per GPU x count, maps stock, skips CPU flavors and GPUs missing from the pricebook', async () => {
    const { offers } = await listWith(ROUTES);

    // n1-cpu-small: CPU-only; n3-L40x1: no L40 entry in the pricebook.
    expect(offers.map((o) => o.providerOfferId)).toEqual([
      'n3-H100x1:CANADA-1',
      'n3-H100x8:CANADA-1',
      'n1-RTX-A4000x2:NORWAY-1',
    ]);
    expect(offers.find((o) => o.providerOfferId === 'n3-H100x8:CANADA-1')).toMatchObject({
      gpuCount: 8,
      pricePerHour: 15.2,
      availability: 'unavailable',
    });
    expect(offers.find((o) => o.providerOfferId === 'n1-RTX-A4000x2:NORWAY-1')).toMatchObject({
      gpuVramGb: null,
      country: 'NO',
      pricePerHour: 1.16,
      storageGb: 100,
    });
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      hyperstackAdapter,
      [
        {
          method: 'GET',
          path: '/core/flavors',
          status: 401,
          body: { status: false, message: 'Invalid API key' },
        },
        { method: 'GET', path: '/pricebook', body: PRICEBOOK },
      ],
      401,
      { prefix: '/v1' },
    );
  });

  it('keeps only pricebook entries with a positive price', () => {
    const prices = parseHyperstackPricebook([
      { name: 'A', value: null },
      { name: 'B', value: 0 },
      { name: 'C', value: '0.5' },
      { name: 'D', value: 'n/a' },
    ]);
    expect([...prices]).toEqual([['C', 0.5]]);
  });

  it('rejects bodies of unexpected shape', () => {
    expect(() => parseHyperstackPricebook({ data: PRICEBOOK })).toThrow();
    expect(() => parseHyperstackFlavors({ data: { gpu: 'x' } }, new Map())).toThrow();
  });

  it('seeds from the published price list', async () => {
    const seed = await hyperstackAdapter.seedOffers();
    expect(seed.source).toContain('hyperstack.cloud/gpu-pricing');
    expect(seed.offers).toHaveLength(4);
    expect(seed.offers.find((o) => o.providerOfferId === 'H100-SXM:on-demand')).toMatchObject({
      gpuVramGb: 80,
      pricePerHour: 3.2,
    });
  });
});
