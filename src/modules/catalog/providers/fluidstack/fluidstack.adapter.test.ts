import { describe, expect, it } from 'vitest';
import { expectCatalogProviderWithoutApi } from '../catalog-adapter.test-support.js';
import { fluidstackAdapter } from './fluidstack.adapter.js';

describe('fluidstackAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', () =>
    expectCatalogProviderWithoutApi(fluidstackAdapter, 'fluidstack'));

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
