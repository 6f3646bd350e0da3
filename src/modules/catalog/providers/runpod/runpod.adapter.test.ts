import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { runpodAdapter } from './runpod.adapter.js';

const listWith = (routes: RecordedRoute[]) => listOffersOver(runpodAdapter, routes);

const forCloud = (cloud: string) => (r: { query: URLSearchParams }) => r.query.get('cloud') === cloud;

// The GraphQL half (spot, vCPU / RAM) is tested in runpod.graphql.test.ts. Here it answers the recorded
// `gpuTypes { id displayName memoryInGb }` body: no lowestPrice and no RTX 4090, so it changes nothing.
const GRAPHQL: RecordedRoute = { method: 'POST', path: '/graphql', file: 'runpod/gpuTypes.graphql.json' };

describe('runpodAdapter over the recorded GET /v2/catalog/gpus body', () => {
  it('asks the catalog once per cloud tier with the bearer key and maps every field', async () => {
    const { offers, requests } = await listWith([
      {
        method: 'GET',
        path: '/v2/catalog/gpus',
        when: forCloud('SECURE'),
        file: 'runpod/v2-catalog-gpus.json',
      },
      {
        method: 'GET',
        path: '/v2/catalog/gpus',
        when: forCloud('COMMUNITY'),
        file: 'runpod/v2-catalog-gpus.json',
      },
      GRAPHQL,
    ]);

    expect(requests.map((r) => [r.method, r.path, r.query.toString()])).toEqual([
      ['GET', '/v2/catalog/gpus', 'include=AVAILABILITY&product=POD&cloud=SECURE'],
      ['GET', '/v2/catalog/gpus', 'include=AVAILABILITY&product=POD&cloud=COMMUNITY'],
      ['POST', '/graphql', ''],
    ]);
    for (const req of requests) expect(req.headers.authorization).toBe('Bearer test-key');

    // RTX 4090: memory 24, price.secure 0.44, price.community 0.31, data centre US-KS-2 at HIGH.
    expect(offers).toEqual([
      {
        providerOfferId: 'NVIDIA GeForce RTX 4090:US-KS-2:secure',
        gpuName: 'NVIDIA GeForce RTX 4090',
        gpuCount: 1,
        gpuVramGb: 24,
        vcpus: 0,
        ramGb: 0,
        storageGb: 0,
        region: 'US-KS-2',
        country: 'US',
        spot: false,
        availability: 'available',
        pricePerHour: 0.44,
      },
      {
        providerOfferId: 'NVIDIA GeForce RTX 4090:US-KS-2:community',
        gpuName: 'NVIDIA GeForce RTX 4090',
        gpuCount: 1,
        gpuVramGb: 24,
        vcpus: 0,
        ramGb: 0,
        storageGb: 0,
        region: 'US-KS-2',
        country: 'US',
        spot: false,
        availability: 'available',
        pricePerHour: 0.31,
      },
    ]);
  });

  it('maps stock levels and data-centre countries, and skips a tier the GPU is not sold in', async () => {
    const recorded = await readDatasetJson<{ gpus: Array<Record<string, unknown>> }>(
      'provider-api',
      'runpod/v2-catalog-gpus.json',
    );
    const rtx4090 = recorded.gpus[0] ?? {};
    const body = {
      gpus: [
        {
          ...rtx4090,
          dataCenters: [
            { id: 'EU-RO-1', name: 'Europe Romania 1', availability: 'LOW' },
            { id: 'CA-MTL-1', name: 'Canada Montreal 1', availability: 'MEDIUM' },
            { id: 'EUR-IS-1', name: 'Europe Iceland 1', availability: 'NONE' },
          ],
        },
        {
          ...rtx4090,
          id: 'NVIDIA H200',
          memory: 141,
          community: false,
          availability: 'LOW',
          dataCenters: [],
        },
      ],
    };
    const { offers } = await listWith([{ method: 'GET', path: '/v2/catalog/gpus', body }, GRAPHQL]);

    expect(offers.map((o) => [o.providerOfferId, o.country, o.availability])).toEqual([
      ['NVIDIA GeForce RTX 4090:EU-RO-1:secure', 'RO', 'limited'],
      ['NVIDIA GeForce RTX 4090:CA-MTL-1:secure', 'CA', 'available'],
      ['NVIDIA GeForce RTX 4090:EUR-IS-1:secure', 'IS', 'unavailable'],
      ['NVIDIA H200:secure', null, 'limited'],
      ['NVIDIA GeForce RTX 4090:EU-RO-1:community', 'RO', 'limited'],
      ['NVIDIA GeForce RTX 4090:CA-MTL-1:community', 'CA', 'available'],
      ['NVIDIA GeForce RTX 4090:EUR-IS-1:community', 'IS', 'unavailable'],
    ]);
    expect(offers[3]).toMatchObject({ region: 'unknown', gpuVramGb: 141, pricePerHour: 0.44 });
  });

  it('rejects with ProviderHttpError carrying the status on a 401', async () => {
    await expectProviderHttpError(
      runpodAdapter,
      [{ method: 'GET', path: '/v2/catalog/gpus', status: 401, body: { error: 'unauthorized' } }],
      401,
    );
  });

  it('rejects a body of unexpected shape', async () => {
    await expect(
      listWith([{ method: 'GET', path: '/v2/catalog/gpus', body: { data: {} } }]),
    ).rejects.toThrow();
  });

  it('seeds from the recorded body through the same parser, one pass per tier', async () => {
    const seed = await runpodAdapter.seedOffers();
    expect(seed.source).toContain('runpod/v2-catalog-gpus.json');
    expect(seed.offers.map((o) => o.providerOfferId)).toEqual([
      'NVIDIA GeForce RTX 4090:US-KS-2:secure',
      'NVIDIA GeForce RTX 4090:US-KS-2:community',
    ]);
  });
});
