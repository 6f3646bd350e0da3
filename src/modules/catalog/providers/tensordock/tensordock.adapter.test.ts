import { beforeAll, describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { parseTensordockHostnodes, tensordockAdapter, tensordockCountry } from './tensordock.adapter.js';

// Only a FRAGMENT was recorded (one host node's `specs`). The endpoint answers
// { hostnodes: { <id>: { location: { country, region, city }, specs } } }, so the test builds that
// envelope at run time around the real fragment: host "td-host-1" carries it as recorded with a
// location written in the documented shape, and "td-cpu-host" is the same specs with no GPUs
// (a CPU-only host, which must yield no offers).
let routes: RecordedRoute[];
beforeAll(async () => {
  const specs = await readDatasetJson<Record<string, unknown>>(
    'provider-api',
    'tensordock',
    'hostnode-specs.fragment.json',
  );
  const body = {
    success: true,
    hostnodes: {
      'td-host-1': { location: { country: 'United States', region: 'Texas', city: 'Dallas' }, specs },
      'td-cpu-host': {
        location: { country: 'Canada', region: 'Quebec', city: 'Montreal' },
        specs: { ...specs, gpu: {} },
      },
    },
  };
  routes = [{ method: 'GET', path: '/client/deploy/hostnodes', body }];
});

const list = (routes: RecordedRoute[]) =>
  listOffersOver(tensordockAdapter, routes, { prefix: '/api/v0', credential: null });

describe('tensordockAdapter.listOffers over the recorded specs fragment', () => {
  it('sends one unauthenticated GET /client/deploy/hostnodes', async () => {
    const { requests } = await list(routes);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/client/deploy/hostnodes');
    expect([...req!.query.keys()]).toEqual([]);
    expect(req?.headers.authorization).toBeUndefined();
  });

  it('lists the GPU host × 1/2/4/8 GPUs and nothing for the CPU-only host', async () => {
    const { offers } = await list(routes);
    expect(offers.map((o) => o.providerOfferId)).toEqual([
      'td-host-1:l40-pcie-48gb:1x',
      'td-host-1:l40-pcie-48gb:2x',
      'td-host-1:l40-pcie-48gb:4x',
      'td-host-1:l40-pcie-48gb:8x',
    ]);
  });

  it('multiplies the unit prices out for the default shape (every field)', async () => {
    const { offers } = await list(routes);
    // specs: gpu l40-pcie-48gb 1.05/GPU (8 free, vram 48), cpu 0.003/vCPU, ram 0.002/GB,
    // storage 0.00005/GB. 1 GPU + 4 vCPUs + 16 GB + 100 GB = 1.05 + 0.012 + 0.032 + 0.005 = 1.099.
    expect(offers[0]).toEqual({
      providerOfferId: 'td-host-1:l40-pcie-48gb:1x',
      gpuName: 'l40-pcie-48gb',
      gpuCount: 1,
      gpuVramGb: 48,
      vcpus: 4,
      ramGb: 16,
      storageGb: 100,
      region: 'unitedstates-texas-dallas',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 1.099,
    });
    // 8 GPUs take all 8 free: 8.4 + 32×0.003 + 128×0.002 + 0.005 = 8.757, limited.
    expect(offers[3]).toMatchObject({
      gpuCount: 8,
      vcpus: 32,
      ramGb: 128,
      availability: 'limited',
      pricePerHour: 8.757,
    });
  });

  it('marks a shape that exceeds the free amounts unavailable', () => {
    const specs = {
      cpu: { amount: 6, price: 0.003 },
      ram: { amount: 1495, price: 0.002 },
      storage: { amount: 10252, price: 0.00005 },
      gpu: { 'l40-pcie-48gb': { amount: 8, price: 1.05, vram: 48 } },
    };
    const offers = parseTensordockHostnodes({ hostnodes: { h: { specs } } });
    // 2 GPUs need 8 vCPUs but only 6 are free.
    expect(offers.map((o) => o.availability)).toEqual([
      'available',
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
    expect(offers[0]?.region).toBe('h');
  });

  it('rejects with ProviderHttpError carrying the status on a non-2xx answer', async () => {
    await expectProviderHttpError(
      tensordockAdapter,
      [{ method: 'GET', path: '/client/deploy/hostnodes', status: 502, body: {} }],
      502,
      { prefix: '/api/v0', credential: null },
    );
  });
});

describe('tensordock country and seed', () => {
  it('maps country names to ISO codes', () => {
    expect(tensordockCountry('United States')).toBe('US');
    expect(tensordockCountry('de')).toBe('DE');
    expect(tensordockCountry('Atlantis')).toBeNull();
  });

  it('seeds from the recorded fragment through the same parser', async () => {
    const { source, offers } = await tensordockAdapter.seedOffers();
    expect(source).toContain('hostnode-specs.fragment.json');
    expect(offers.map((o) => o.pricePerHour)).toEqual([1.099, 2.193, 4.381, 8.757]);
  });
});
