import { describe, expect, it } from 'vitest';
import { fluidstackAdapter } from './fluidstack.adapter.js';

const ctx = {
  http: { baseUrl: '', request: async () => ({}) },
  credential: null,
  signal: new AbortController().signal,
};

describe('fluidstackAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', async () => {
    expect(fluidstackAdapter).toMatchObject({
      id: 'fluidstack',
      kind: 'catalog',
      defaultBaseUrl: null,
      supportsProvisioning: false,
    });
    await expect(fluidstackAdapter.listOffers(ctx as never)).rejects.toThrow(
      'catalog provider: offers come from catalog files',
    );
  });

  it('seeds from the bundled SkyPilot catalog through the SkyPilot parser', async () => {
    const seed = await fluidstackAdapter.seedOffers();

    expect(seed.source).toContain('assets/datasets/catalog/fluidstack.csv');
    // 66 rows, all with an accelerator, no SpotPrice.
    expect(seed.offers).toHaveLength(66);
    // fluidstack.csv line 2: rec3HRxyysDOzxikh,RTXA6000,4,64.0,238.0,6.244061073300001,norway_4_eu,{…SizeInMiB 49152…}
    expect(seed.offers.find((o) => o.providerOfferId === 'rec3HRxyysDOzxikh:norway_4_eu' && !o.spot)).toEqual(
      {
        providerOfferId: 'rec3HRxyysDOzxikh:norway_4_eu',
        gpuName: 'RTXA6000',
        gpuCount: 4,
        gpuVramGb: 48,
        vcpus: 64,
        ramGb: 238,
        storageGb: 0,
        region: 'norway_4_eu',
        country: 'NO',
        spot: false,
        availability: 'available',
        pricePerHour: 6.244061073300001,
      },
    );
    expect(seed.offers.some((o) => o.spot)).toBe(false);
  });
});
