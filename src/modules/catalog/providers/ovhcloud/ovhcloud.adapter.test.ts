import { describe, expect, it } from 'vitest';
import { expectCatalogProviderWithoutApi } from '../catalog-adapter.test-support.js';
import { ovhcloudAdapter } from './ovhcloud.adapter.js';

describe('ovhcloudAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', () =>
    expectCatalogProviderWithoutApi(ovhcloudAdapter, 'ovhcloud'));

  it('seeds from the bundled SkyPilot catalog through the SkyPilot parser', async () => {
    const seed = await ovhcloudAdapter.seedOffers();

    expect(seed.source).toContain('assets/datasets/catalog/ovhcloud.csv');
    // 42 rows, all with an accelerator, no SpotPrice.
    expect(seed.offers).toHaveLength(42);
    // ovhcloud.csv line 4: t1-45,V100,1,8,45,1.97,BHS,{…SizeInMiB 16384…},,BHS5
    expect(seed.offers.find((o) => o.providerOfferId === 't1-45:BHS:BHS5' && !o.spot)).toEqual({
      providerOfferId: 't1-45:BHS:BHS5',
      gpuName: 'V100',
      gpuCount: 1,
      gpuVramGb: 16,
      vcpus: 8,
      ramGb: 45,
      storageGb: 0,
      region: 'BHS',
      country: 'CA',
      spot: false,
      availability: 'available',
      pricePerHour: 1.97,
    });
    expect(seed.offers.some((o) => o.spot)).toBe(false);
  });
});
