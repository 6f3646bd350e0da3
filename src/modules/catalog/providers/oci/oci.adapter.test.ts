import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { ociAdapter, ociGpuName, parseOciPriceList } from './oci.adapter.js';

// No recorded OCI body exists in assets/datasets/provider-api, so this body is built in the documented
// shape of the public price list (https://docs.oracle.com/en-us/iaas/Content/Billing/Tasks/signingup_topic-Estimating_Costs.htm:
// `{lastUpdated, items[]}`, each item `currencyCodeLocalizations[].prices[] {model, value}`); part numbers,
// labels and prices follow real rows (H100 B98415 $10/GPU-hour, A10 B95909 $2, the AI Enterprise licence
// that shares the GPU metric).
function part(partNumber: string, displayName: string, value: number, extra: Record<string, unknown> = {}) {
  return {
    partNumber,
    displayName,
    metricName: 'GPU Per Hour',
    serviceCategory: 'Compute - GPU',
    currencyCodeLocalizations: [{ currencyCode: 'USD', prices: [{ model: 'PAY_AS_YOU_GO', value }] }],
    ...extra,
  };
}
const PRICE_LIST = {
  lastUpdated: '2026-08-14T09:09:55.872Z',
  items: [
    part('B98415', 'Oracle Cloud Infrastructure - Compute - GPU - H100', 10),
    part('B95909', 'Compute  - GPU - A10', 2),
    part('B110978', 'OCI - Compute - GPU - B200', 14),
    part('B111824', 'OCI - NVIDIA AI Enterprise - H100', 2.5),
    part('B999001', 'Cloud@Customer - Compute - GPU.L40S', 2.9, {
      serviceCategory: 'Compute Cloud@Customer',
    }),
    part('B97384', 'Compute - Standard - E4 - OCPU', 0.025, { metricName: 'OCPU Per Hour' }),
    part('B999002', 'OCI - Compute - GPU - Z1', 0),
  ],
};

const ROUTES: RecordedRoute[] = [{ method: 'GET', path: '/products/', body: PRICE_LIST }];

const listWith = (routes: RecordedRoute[]) =>
  listOffersOver(ociAdapter, routes, { prefix: '/pls/apex/cetools/api/v1' });

describe('ociAdapter over the public price list', () => {
  it('sends one unauthenticated GET in USD and maps every field of a shape offer', async () => {
    const { offers, requests } = await listWith(ROUTES);

    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe('/products/');
    expect(requests[0]?.query.get('currencyCode')).toBe('USD');
    expect(requests[0]?.headers.authorization).toBeUndefined();

    // H100 $10 per GPU-hour × the 8 GPUs of BM.GPU.H100.8 (112 OCPU = 224 vCPU, 2048 GB).
    expect(offers.find((o) => o.providerOfferId === 'BM.GPU.H100.8')).toEqual({
      providerOfferId: 'BM.GPU.H100.8',
      gpuName: 'H100',
      gpuCount: 8,
      gpuVramGb: 80,
      vcpus: 224,
      ramGb: 2048,
      storageGb: 0,
      region: 'global',
      country: null,
      spot: false,
      availability: 'available',
      pricePerHour: 80,
    });
  });

  it('expands a GPU into its shapes, lists an unshaped GPU per GPU, and drops licences, on-prem, CPU and $0 rows', async () => {
    const { offers } = await listWith(ROUTES);

    expect(offers.map((o) => [o.providerOfferId, o.gpuCount, o.pricePerHour])).toEqual([
      ['BM.GPU.H100.8', 8, 80],
      ['VM.GPU.A10.1', 1, 2],
      ['VM.GPU.A10.2', 2, 4],
      ['BM.GPU.A10.4', 4, 8],
      ['B110978', 1, 14],
    ]);
    expect(offers.find((o) => o.providerOfferId === 'B110978')).toMatchObject({
      gpuName: 'B200',
      gpuVramGb: null,
      vcpus: 0,
      ramGb: 0,
    });
  });

  it('reads the GPU name from the label tail, whatever its spacing', () => {
    expect(ociGpuName('Compute  - GPU - A100 - v2')).toBe('A100 - v2');
    expect(ociGpuName('OCI- Compute - GPU - MI355X')).toBe('MI355X');
  });

  it('rejects with ProviderHttpError carrying the status on a 503', async () => {
    await expectProviderHttpError(
      ociAdapter,
      [{ method: 'GET', path: '/products/', status: 503, body: {} }],
      503,
      { prefix: '/pls/apex/cetools/api/v1' },
    );
  });

  it('rejects a body of unexpected shape', () => {
    expect(() => parseOciPriceList({ products: [] })).toThrow();
  });

  it('seeds from the captured price-list rows through the same parser', async () => {
    const seed = await ociAdapter.seedOffers();
    expect(seed.source).toContain('cetools/api/v1/products');
    // 13 parts: H100, A10 (3 shapes), L40S, A100 v2 → 6 shape offers; 9 other GPUs per GPU.
    expect(seed.offers).toHaveLength(15);
    expect(seed.offers.find((o) => o.providerOfferId === 'BM.GPU.A100-v2.8')?.pricePerHour).toBe(32);
    expect(seed.offers.find((o) => o.providerOfferId === 'BM.GPU.L40S.4')?.pricePerHour).toBe(14);
    expect(seed.offers.find((o) => o.providerOfferId === 'B109480')).toMatchObject({
      gpuName: 'H100T',
      pricePerHour: 10.75,
    });
  });
});
