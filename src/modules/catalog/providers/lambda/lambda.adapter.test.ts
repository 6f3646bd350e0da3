import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { lambdaAdapter } from './lambda.adapter.js';

const listWith = (routes: RecordedRoute[]) => listOffersOver(lambdaAdapter, routes, { prefix: '/api/v1' });

describe('lambdaAdapter over the recorded GET /instance-types body', () => {
  it('sends one authenticated GET and maps every field of an offer', async () => {
    const { offers, requests } = await listWith([
      { method: 'GET', path: '/instance-types', file: 'lambda/instance-types.json' },
    ]);

    expect(requests).toHaveLength(1);
    const req = requests[0];
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/instance-types');
    expect(req?.headers.authorization).toBe('Bearer test-key');

    // gpu_1x_a100_sxm4: price_cents_per_hour 129, regions us-east-1, us-west-2, asia-south-1.
    expect(offers.find((o) => o.providerOfferId === 'gpu_1x_a100_sxm4:asia-south-1')).toEqual({
      providerOfferId: 'gpu_1x_a100_sxm4:asia-south-1',
      gpuName: 'A100 (40 GB SXM4)',
      gpuCount: 1,
      gpuVramGb: 40,
      vcpus: 30,
      ramGb: 200,
      storageGb: 512,
      region: 'asia-south-1',
      country: 'IN',
      spot: false,
      availability: 'available',
      pricePerHour: 1.29,
    });
    // gpu_8x_b200_sxm6: 3992 cents, 8 GPUs.
    expect(offers.find((o) => o.providerOfferId === 'gpu_8x_b200_sxm6:us-east-1')).toMatchObject({
      gpuName: 'B200 (180 GB SXM6)',
      gpuCount: 8,
      gpuVramGb: 180,
      country: 'US',
      pricePerHour: 39.92,
    });
  });

  it('lists one offer per type x region with capacity, one unavailable offer per sold-out type, no CPU type', async () => {
    const { offers } = await listWith([
      { method: 'GET', path: '/instance-types', file: 'lambda/instance-types.json' },
    ]);

    // 19 GPU types: 10 with capacity in 27 regions in all, 9 sold out; cpu_4x_general skipped.
    expect(offers).toHaveLength(36);
    expect(offers.filter((o) => o.availability === 'available')).toHaveLength(27);
    expect(offers.some((o) => o.providerOfferId.startsWith('cpu_'))).toBe(false);
    expect(offers.filter((o) => o.providerOfferId.startsWith('gpu_8x_a100:')).map((o) => o.region)).toEqual([
      'us-west-1',
      'us-east-1',
      'me-west-1',
      'asia-northeast-1',
      'asia-northeast-2',
      'us-west-2',
      'europe-central-1',
    ]);
    expect(offers.find((o) => o.providerOfferId === 'gpu_1x_gh200')).toEqual({
      providerOfferId: 'gpu_1x_gh200',
      gpuName: 'GH200 (96 GB)',
      gpuCount: 1,
      gpuVramGb: 96,
      vcpus: 64,
      ramGb: 432,
      storageGb: 4096,
      region: 'unknown',
      country: null,
      spot: false,
      availability: 'unavailable',
      pricePerHour: 1.49,
    });
    expect(new Set(offers.map((o) => o.providerOfferId)).size).toBe(offers.length);
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      lambdaAdapter,
      [
        {
          method: 'GET',
          path: '/instance-types',
          status: 401,
          body: { error: { code: 'global/invalid-api-key' } },
        },
      ],
      401,
      { prefix: '/api/v1' },
    );
  });

  it('rejects a body of unexpected shape', async () => {
    await expect(
      listWith([{ method: 'GET', path: '/instance-types', body: { data: [1] } }]),
    ).rejects.toThrow();
  });

  it('seeds from the recorded body through the same parser', async () => {
    const seed = await lambdaAdapter.seedOffers();
    expect(seed.source).toContain('lambda/instance-types.json');
    expect(seed.offers).toHaveLength(36);
    expect(seed.offers.find((o) => o.providerOfferId === 'gpu_1x_a10:us-west-1')?.pricePerHour).toBe(0.75);
  });
});
