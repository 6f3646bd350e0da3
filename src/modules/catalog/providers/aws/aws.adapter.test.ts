import { describe, expect, it } from 'vitest';
import { expectCatalogProviderWithoutApi } from '../catalog-adapter.test-support.js';
import { awsAdapter } from './aws.adapter.js';

describe('awsAdapter (catalog provider)', () => {
  it('is a catalog provider without an API', () => expectCatalogProviderWithoutApi(awsAdapter, 'aws'));

  it('seeds from the bundled SkyPilot catalog through the SkyPilot parser', async () => {
    const seed = await awsAdapter.seedOffers();

    expect(seed.source).toContain('assets/datasets/catalog/aws.csv');
    // 1,598 accelerator rows: 1,598 on-demand offers + 1,566 with a SpotPrice.
    expect(seed.offers).toHaveLength(3164);
    // aws.csv line 20595: p3.2xlarge,V100,1.0,8.0,61.0,{…SizeInMiB 16384…},3.06,1.388400,us-east-1,use1-az1
    expect(seed.offers.find((o) => o.providerOfferId === 'p3.2xlarge:us-east-1:use1-az1' && !o.spot)).toEqual(
      {
        providerOfferId: 'p3.2xlarge:us-east-1:use1-az1',
        gpuName: 'V100',
        gpuCount: 1,
        gpuVramGb: 16,
        vcpus: 8,
        ramGb: 61,
        storageGb: 0,
        region: 'us-east-1',
        country: 'US',
        spot: false,
        availability: 'available',
        pricePerHour: 3.06,
      },
    );
    expect(
      seed.offers.find((o) => o.spot && o.providerOfferId.startsWith('p3.2xlarge:us-east-1:use1-az1')),
    ).toMatchObject({ spot: true, pricePerHour: 1.3884 });
  });
});
