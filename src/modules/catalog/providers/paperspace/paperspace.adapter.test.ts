import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { paperspaceAdapter } from './paperspace.adapter.js';

const listWith = (routes: RecordedRoute[]) => listOffersOver(paperspaceAdapter, routes);

const PATH = '/vmTypes/getVmTypesByClusters';
type Entry = {
  vmType: Record<string, unknown> & { label: string };
  clusters: Array<Record<string, unknown>>;
};

/** The recorded body with its p3.2xlarge / p2.xlarge entries of cluster 175 given a customer rate. */
async function withCustomerRates(): Promise<Record<string, Entry[]>> {
  const recorded = await readDatasetJson<Record<string, Entry[]>>(
    'provider-api',
    `paperspace/vmTypes-getVmTypesByClusters.json`,
  );
  const customerRate = (rateHourly: string) => [
    {
      type: 'hourly',
      isPreemptible: false,
      usageRate: { description: 'Hourly', rateHourly, type: 'hourly', isEmployeeOnly: false },
    },
  ];
  return {
    ...recorded,
    '175': (recorded['175'] ?? []).map((e) => {
      if (e.vmType.label === 'p3.2xlarge') {
        const clusters = e.clusters.map((c) => ({ ...c, region: 'East Coast (NY2)' }));
        return { ...e, clusters, vmType: { ...e.vmType, defaultUsageRates: customerRate('2.30') } };
      }
      if (e.vmType.label === 'p2.xlarge') {
        return { ...e, isAvailable: false, vmType: { ...e.vmType, defaultUsageRates: customerRate('0.90') } };
      }
      if (e.vmType.label === 'c5.xlarge')
        return { ...e, vmType: { ...e.vmType, defaultUsageRates: customerRate('0.08') } };
      return e;
    }),
  };
}

describe('paperspaceAdapter over the recorded getVmTypesByClusters body', () => {
  it('sends the key in X-Api-Key and lists nothing from employee-only rates', async () => {
    const { offers, requests } = await listWith([
      { method: 'GET', path: PATH, file: 'paperspace/vmTypes-getVmTypesByClusters.json' },
    ]);

    expect(requests).toHaveLength(1);
    const req = requests[0];
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe(PATH);
    expect(req?.headers['x-api-key']).toBe('test-key');
    expect(req?.headers.authorization).toBeUndefined();
    // Every GPU type in the recording has only an "Employee" rate of 0.00 (isEmployeeOnly): not an offer.
    expect(offers).toEqual([]);
  });

  it('maps every field of a GPU type with a customer rate and skips CPU types', async () => {
    const { offers } = await listWith([{ method: 'GET', path: PATH, body: await withCustomerRates() }]);

    // p3.2xlarge: cpus 8, ram "65498251264" bytes, 1 x Tesla V100 (memInMb 16384).
    expect(offers).toEqual([
      {
        providerOfferId: 'p2.xlarge:Private',
        gpuName: 'Tesla K80',
        gpuCount: 1,
        gpuVramGb: 12,
        vcpus: 4,
        ramGb: 61,
        storageGb: 0,
        region: 'Private',
        country: null,
        spot: false,
        availability: 'unavailable',
        pricePerHour: 0.9,
      },
      {
        providerOfferId: 'p3.2xlarge:East Coast (NY2)',
        gpuName: 'Tesla V100',
        gpuCount: 1,
        gpuVramGb: 16,
        vcpus: 8,
        ramGb: 61,
        storageGb: 0,
        region: 'East Coast (NY2)',
        country: 'US',
        spot: false,
        availability: 'available',
        pricePerHour: 2.3,
      },
    ]);
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      paperspaceAdapter,
      [{ method: 'GET', path: PATH, status: 401, body: { error: { message: 'No such API token' } } }],
      401,
    );
  });

  it('rejects a body of unexpected shape', async () => {
    await expect(
      listWith([{ method: 'GET', path: PATH, body: { '92': [{ vmType: {} }] } }]),
    ).rejects.toThrow();
  });

  it('seeds the GPU rows of the SkyPilot Paperspace catalog', async () => {
    const seed = await paperspaceAdapter.seedOffers();
    expect(seed.source).toContain('paperspace.csv');
    // 15 rows, 10 with an accelerator (C5–C9 are CPU machines).
    expect(seed.offers).toHaveLength(10);
    expect(seed.offers.find((o) => o.providerOfferId === 'A100-80Gx4:East Coast (NY2)')).toEqual({
      providerOfferId: 'A100-80Gx4:East Coast (NY2)',
      gpuName: 'A100-80GB',
      gpuCount: 4,
      gpuVramGb: null,
      vcpus: 46,
      ramGb: 320,
      storageGb: 0,
      region: 'East Coast (NY2)',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 12.72,
    });
  });
});
