import { describe, expect, it } from 'vitest';
import { expectCatalogProviderWithoutApi } from '../catalog-adapter.test-support.js';
import { gcpAdapter } from './gcp.adapter.js';

describe('gcpAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', () => expectCatalogProviderWithoutApi(gcpAdapter, 'gcp'));

  it('seeds from the bundled SkyPilot catalog through the SkyPilot parser', async () => {
    const seed = await gcpAdapter.seedOffers();

    expect(seed.source).toContain('assets/datasets/catalog/gcp.csv');
    // 689 accelerator rows composed with their host VM (on-demand + spot), minus 46 with no host VM in that zone.
    expect(seed.offers).toHaveLength(1285);
    // gcp.csv line 2 (a2-highgpu-1g host: 12 vCPU, 85 GB, $0.94803, spot $0.37928) + line 14928 (A100 x1, 40960 MiB, $3.10156, spot $1.2406), asia-northeast1-a
    expect(
      seed.offers.find(
        (o) => o.providerOfferId === 'a2-highgpu-1g+A100x1:asia-northeast1:asia-northeast1-a' && !o.spot,
      ),
    ).toEqual({
      providerOfferId: 'a2-highgpu-1g+A100x1:asia-northeast1:asia-northeast1-a',
      gpuName: 'A100',
      gpuCount: 1,
      gpuVramGb: 40,
      vcpus: 12,
      ramGb: 85,
      storageGb: 0,
      region: 'asia-northeast1',
      country: 'JP',
      spot: false,
      availability: 'available',
      pricePerHour: 4.04959,
    });
    expect(
      seed.offers.find(
        (o) =>
          o.spot && o.providerOfferId.startsWith('a2-highgpu-1g+A100x1:asia-northeast1:asia-northeast1-a'),
      ),
    ).toMatchObject({ spot: true, pricePerHour: 1.61988 });
  });
});
