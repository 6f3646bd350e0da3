import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { jarvislabsAdapter, jarvislabsAvailability } from './jarvislabs.adapter.js';

const ROUTES: RecordedRoute[] = [
  { method: 'GET', path: '/misc/server_meta', file: 'jarvislabs/misc-server_meta.json' },
];

const list = (routes: RecordedRoute[]) => listOffersOver(jarvislabsAdapter, routes);

describe('jarvislabsAdapter.listOffers over the recorded server_meta body', () => {
  it('sends one GET /misc/server_meta with the Bearer token', async () => {
    const { requests } = await list(ROUTES);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/misc/server_meta');
    expect([...req!.query.keys()]).toEqual([]);
    expect(req?.headers.authorization).toBe('Bearer test-key');
  });

  it('expands each row to 1..num_gpus GPUs × on-demand/spot and skips cpu_meta', async () => {
    const { offers } = await list(ROUTES);
    // L4 container 8×2 + L4 vm 8×2 + A100-80GB 4×2 + RTX-PRO6000 8×2 + "RTX PRO 6000" 8 (no spot)
    // + H100 europe-01 1 + H100 unknown-region 1 (no num_gpus → 1, no spot price).
    expect(offers).toHaveLength(66);
    expect(new Set(offers.map((o) => o.providerOfferId)).size).toBe(66);
    expect(offers.every((o) => o.gpuCount >= 1)).toBe(true);
  });

  it('maps every field of one offer, strings to numbers, per-GPU values × count', async () => {
    const { offers } = await list(ROUTES);
    // Row L4 / india-noida-01 / container: price 0.44 and spot 0.29 per GPU, vram "24",
    // 28 cpus and 124 GB per GPU, spot_num_free_devices 2.
    expect(offers.find((o) => o.providerOfferId === 'L4:india-noida-01:container:2x:spot')).toEqual({
      providerOfferId: 'L4:india-noida-01:container:2x:spot',
      gpuName: 'L4',
      gpuCount: 2,
      gpuVramGb: 24,
      vcpus: 56,
      ramGb: 248,
      storageGb: 0,
      region: 'india-noida-01',
      country: 'IN',
      spot: true,
      availability: 'limited',
      pricePerHour: 0.58,
    });
    const byId = new Map(offers.map((o) => [o.providerOfferId, o]));
    expect(byId.get('L4:india-noida-01:vm:3x')).toMatchObject({
      pricePerHour: 1.32,
      availability: 'limited',
    });
    expect(byId.get('L4:india-noida-01:vm:2x')?.availability).toBe('available');
    expect(byId.get('L4:india-noida-01:vm:3x:spot')).toMatchObject({
      pricePerHour: 0.87,
      availability: 'unavailable',
    });
    expect(byId.get('A100-80GB:india-noida-01:vm:4x')).toMatchObject({
      pricePerHour: 5.96,
      vcpus: 112,
      ramGb: 448,
    });
  });

  it('reads a null workload type as vm and leaves unknown regions without a country', async () => {
    const { offers } = await list(ROUTES);
    expect(offers.find((o) => o.providerOfferId === 'H100:europe-01:vm:1x')).toMatchObject({
      gpuVramGb: 80,
      vcpus: 16,
      ramGb: 200,
      country: null,
      availability: 'available',
      pricePerHour: 2.99,
    });
    expect(offers.filter((o) => o.region === 'unknown-region')).toHaveLength(1);
    expect(offers.some((o) => o.providerOfferId === 'RTX PRO 6000:india-noida-01:vm:1x:spot')).toBe(false);
  });

  it('rejects with ProviderHttpError carrying the status on a non-2xx answer', async () => {
    await expectProviderHttpError(
      jarvislabsAdapter,
      [{ method: 'GET', path: '/misc/server_meta', status: 403, body: {} }],
      403,
    );
  });
});

describe('jarvislabs availability and seed', () => {
  it('maps free devices against the GPU count', () => {
    expect(jarvislabsAvailability(0, 1)).toBe('unavailable');
    expect(jarvislabsAvailability(2, 2)).toBe('limited');
    expect(jarvislabsAvailability(25, 1)).toBe('available');
  });

  it('seeds from the recorded body through the same parser', async () => {
    const { source, offers } = await jarvislabsAdapter.seedOffers();
    expect(source).toContain('misc-server_meta.json');
    expect(offers).toHaveLength(66);
  });
});
