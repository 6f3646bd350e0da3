import { describe, expect, it } from 'vitest';
import { expectCatalogProviderWithoutApi } from '../catalog-adapter.test-support.js';
import { scpAdapter } from './scp.adapter.js';

describe('scpAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', () => expectCatalogProviderWithoutApi(scpAdapter, 'scp'));

  it('seeds from the bundled SkyPilot catalog through the SkyPilot parser', async () => {
    const seed = await scpAdapter.seedOffers();

    expect(seed.source).toContain('assets/datasets/catalog/scp.csv');
    // 443 rows, 431 CPU-only skipped.
    expect(seed.offers).toHaveLength(12);
    // scp.csv line 67: g1v8v1,V100-32GB,1,8.0,64.0,2.27,KOREA-WEST-1-SCP-B001,{…SizeInMiB 32510…}
    expect(seed.offers.find((o) => o.providerOfferId === 'g1v8v1:KOREA-WEST-1-SCP-B001' && !o.spot)).toEqual({
      providerOfferId: 'g1v8v1:KOREA-WEST-1-SCP-B001',
      gpuName: 'V100-32GB',
      gpuCount: 1,
      gpuVramGb: 31.75,
      vcpus: 8,
      ramGb: 64,
      storageGb: 0,
      region: 'KOREA-WEST-1-SCP-B001',
      country: 'KR',
      spot: false,
      availability: 'available',
      pricePerHour: 2.27,
    });
    expect(seed.offers.some((o) => o.spot)).toBe(false);
  });
});
