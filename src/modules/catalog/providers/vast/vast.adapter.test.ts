import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { vastAdapter } from './vast.adapter.js';

const listWith = (routes: RecordedRoute[]) => listOffersOver(vastAdapter, routes, { prefix: '/api/v0' });

describe('vastAdapter over the recorded POST /bundles/ body', () => {
  it('posts the on-demand GPU search with the bearer key and maps every field', async () => {
    const { offers, requests } = await listWith([
      { method: 'POST', path: '/bundles/', file: 'vast/bundles.json' },
    ]);

    expect(requests).toHaveLength(1);
    const req = requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/bundles/');
    expect(req?.headers.authorization).toBe('Bearer test-key');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      type: 'on-demand',
      verified: { eq: true },
      rentable: { eq: true },
      rented: { eq: false },
      num_gpus: { gte: 1 },
      limit: 1000,
    });

    // The documented example (one object under `offers`): gpu_ram 24576 MB, cpu_ram 65536 MB,
    // cpu_cores_effective 32, disk_space 2048.5, dph_total 0.234567, reliability 0.9999.
    expect(offers).toEqual([
      {
        providerOfferId: '12345678',
        gpuName: 'Imaginary RTX 9999',
        gpuCount: 4,
        gpuVramGb: 24,
        vcpus: 32,
        ramGb: 64,
        storageGb: 2048.5,
        region: 'Atlantis, AT',
        country: 'AT',
        spot: false,
        availability: 'available',
        pricePerHour: 0.234567,
      },
    ]);
  });

  it('reads the live array form, skips offers without a GPU and marks unreliable hosts limited', async () => {
    const recorded = await readDatasetJson<{ offers: Record<string, unknown> }>(
      'provider-api',
      'vast/bundles.json',
    );
    const one = recorded.offers;
    const body = {
      offers: [
        one,
        { ...one, id: 2, num_gpus: 0, resource_type: 'cpu' },
        { ...one, id: 3, reliability: 0.42, geolocation: 'Quebec, CA' },
        { ...one, id: 4, geolocation: null },
      ],
    };
    const { offers } = await listWith([{ method: 'POST', path: '/bundles/', body }]);

    expect(offers.map((o) => o.providerOfferId)).toEqual(['12345678', '3', '4']);
    expect(offers[1]).toMatchObject({ availability: 'limited', region: 'Quebec, CA', country: 'CA' });
    expect(offers[2]).toMatchObject({ region: 'unknown', country: null });
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      vastAdapter,
      [{ method: 'POST', path: '/bundles/', status: 401, body: { error: 'invalid key' } }],
      401,
      { prefix: '/api/v0' },
    );
  });

  it('rejects a body of unexpected shape', async () => {
    await expect(listWith([{ method: 'POST', path: '/bundles/', body: { results: [] } }])).rejects.toThrow();
  });

  it('seeds from the recorded body through the same parser', async () => {
    const seed = await vastAdapter.seedOffers();
    expect(seed.source).toContain('vast/bundles.json');
    expect(seed.offers.map((o) => o.providerOfferId)).toEqual(['12345678']);
  });
});
