import { describe, expect, it } from 'vitest';
import { expectCatalogProviderWithoutApi } from '../catalog-adapter.test-support.js';
import { ibmAdapter } from './ibm.adapter.js';

describe('ibmAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', () => expectCatalogProviderWithoutApi(ibmAdapter, 'ibm'));

  it('seeds from the bundled SkyPilot catalog through the SkyPilot parser', async () => {
    const seed = await ibmAdapter.seedOffers();

    expect(seed.source).toContain('assets/datasets/catalog/ibm.csv');
    // 54 rows, 27 CPU-only skipped.
    expect(seed.offers).toHaveLength(27);
    // ibm.csv line 2: gx2-8x64x1v100,V100,1,8,64,V100,2.497,,us-south,us-south-1 (GpuInfo is a bare name: no VRAM)
    expect(
      seed.offers.find((o) => o.providerOfferId === 'gx2-8x64x1v100:us-south:us-south-1' && !o.spot),
    ).toEqual({
      providerOfferId: 'gx2-8x64x1v100:us-south:us-south-1',
      gpuName: 'V100',
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 8,
      ramGb: 64,
      storageGb: 0,
      region: 'us-south',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 2.497,
    });
    expect(seed.offers.some((o) => o.spot)).toBe(false);
  });
});
