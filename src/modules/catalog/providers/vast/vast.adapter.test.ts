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
    // cpu_cores_effective 32, disk_space 2048.5, dph_total 0.234567, reliability 0.9999;
    // min_bid 0.111111 and dph_base 0.123456 → spot = 0.111111 + (0.234567 − 0.123456) = 0.222222.
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
      {
        providerOfferId: '12345678:spot',
        gpuName: 'Imaginary RTX 9999',
        gpuCount: 4,
        gpuVramGb: 24,
        vcpus: 32,
        ramGb: 64,
        storageGb: 2048.5,
        region: 'Atlantis, AT',
        country: 'AT',
        spot: true,
        availability: 'available',
        pricePerHour: 0.222222,
      },
    ]);
  });

  it('emits no spot offer for min_bid 0 or missing; without dph_base prices the bid alone', async () => {
    // Inline bundles in the documented shape (the fields this adapter reads, values made up here).
    const bundle = {
      gpu_name: 'Imaginary RTX 9999',
      num_gpus: 1,
      gpu_ram: 24576,
      cpu_cores_effective: 8,
      cpu_ram: 32768,
      disk_space: 100,
      dph_base: 0.3,
      dph_total: 0.35,
      geolocation: 'Oregon, US',
      reliability: 0.99,
      rentable: true,
      rented: false,
      resource_type: 'gpu',
    };
    const { dph_base: _dropped, ...noBase } = bundle;
    const body = {
      offers: [
        { ...bundle, id: 1, min_bid: 0 },
        { ...bundle, id: 2 }, // no min_bid field at all
        { ...bundle, id: 3, min_bid: null },
        { ...noBase, id: 4, min_bid: 0.2 },
      ],
    };
    const { offers } = await listWith([{ method: 'POST', path: '/bundles/', body }]);

    expect(offers.map((o) => [o.providerOfferId, o.spot, o.pricePerHour])).toEqual([
      ['1', false, 0.35],
      ['2', false, 0.35],
      ['3', false, 0.35],
      ['4', false, 0.35],
      ['4:spot', true, 0.2],
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

    // Every bundle copied from the recorded one keeps min_bid 0.111111, so each has a spot twin.
    expect(offers.map((o) => o.providerOfferId)).toEqual([
      '12345678',
      '12345678:spot',
      '3',
      '3:spot',
      '4',
      '4:spot',
    ]);
    expect(offers[2]).toMatchObject({ availability: 'limited', region: 'Quebec, CA', country: 'CA' });
    expect(offers[3]).toMatchObject({ spot: true, availability: 'limited', region: 'Quebec, CA' });
    expect(offers[4]).toMatchObject({ region: 'unknown', country: null });
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
    expect(seed.offers.map((o) => [o.providerOfferId, o.spot, o.pricePerHour])).toEqual([
      ['12345678', false, 0.234567],
      ['12345678:spot', true, 0.222222],
    ]);
  });
});
