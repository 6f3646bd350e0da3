import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import { ProviderHttpError, type ProviderOffer } from '../../catalog.types.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { runpodAdapter } from './runpod.adapter.js';
import { parseRunpodGraphqlGpuTypes } from './runpod.graphql.js';

const REST: RecordedRoute = { method: 'GET', path: '/v2/catalog/gpus', file: 'runpod/v2-catalog-gpus.json' };
const graphql = (route: Omit<RecordedRoute, 'method' | 'path'>): RecordedRoute => ({
  method: 'POST',
  path: '/graphql',
  ...route,
});
const listWith = (routes: RecordedRoute[]) => listOffersOver(runpodAdapter, routes);
const recorded = (file: string) => readDatasetJson('provider-api', `runpod/${file}`);

// The two REST v2 offers of the recorded catalog (RTX 4090, US-KS-2, HIGH; secure 0.44, community 0.31).
const rest4090 = (tier: 'secure' | 'community', sizes: { vcpus: number; ramGb: number }): ProviderOffer => ({
  providerOfferId: `NVIDIA GeForce RTX 4090:US-KS-2:${tier}`,
  gpuName: 'NVIDIA GeForce RTX 4090',
  gpuCount: 1,
  gpuVramGb: 24,
  ...sizes,
  storageGb: 0,
  region: 'US-KS-2',
  country: 'US',
  spot: false,
  availability: 'available',
  pricePerHour: tier === 'secure' ? 0.44 : 0.31,
});

describe('parseRunpodGraphqlGpuTypes over the recorded gpuTypes bodies', () => {
  it('reads id, name, VRAM, cloud flags and lowestPrice as recorded', async () => {
    expect(parseRunpodGraphqlGpuTypes(await recorded('gpuTypes-lowestPrice.graphql.json'))).toEqual([
      {
        id: 'NVIDIA GeForce RTX 3090',
        displayName: 'RTX 3090',
        memoryInGb: 24,
        secureCloud: false,
        communityCloud: true,
        lowestPrice: { uninterruptablePrice: 0.3 },
      },
    ]);
    expect(parseRunpodGraphqlGpuTypes(await recorded('gpuTypes.graphql.json'))).toEqual([
      { id: 'NVIDIA GeForce RTX 3070', displayName: 'RTX 3070', memoryInGb: 8 },
      { id: 'NVIDIA GeForce RTX 3080', displayName: 'RTX 3080', memoryInGb: 10 },
      { id: 'NVIDIA RTX A6000', displayName: 'RTX A6000', memoryInGb: 48 },
    ]);
  });

  it('reads stock status and available GPU counts of the high / low stock examples', async () => {
    expect(parseRunpodGraphqlGpuTypes(await recorded('gpuTypes-availability-high.graphql.json'))).toEqual([
      {
        id: 'NVIDIA RTX A4000',
        displayName: 'RTX A4000',
        lowestPrice: { stockStatus: 'High', uninterruptablePrice: 0.35, availableGpuCounts: [1, 2, 4] },
      },
    ]);
    const [low] = parseRunpodGraphqlGpuTypes(await recorded('gpuTypes-availability-low.graphql.json'));
    expect(low?.lowestPrice).toEqual({
      stockStatus: 'Low',
      uninterruptablePrice: 0.24,
      availableGpuCounts: [1, 2, 3, 4, 5, 6, 7],
    });
  });
});

describe('runpodAdapter.listOffers with the GraphQL gpuTypes query', () => {
  it('POSTs the query with the bearer key after the REST catalog; the recorded body adds nothing', async () => {
    const { offers, requests } = await listWith([
      REST,
      graphql({ file: 'runpod/gpuTypes-lowestPrice.graphql.json' }),
    ]);

    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/catalog/gpus',
      'GET /v2/catalog/gpus',
      'POST /graphql',
    ]);
    const post = requests[2];
    expect(post?.headers.authorization).toBe('Bearer test-key');
    expect(post?.headers['content-type']).toBe('application/json');
    const sent = JSON.parse(post?.body ?? '{}') as { query?: string };
    expect(Object.keys(sent)).toEqual(['query']);
    expect(sent.query).toContain('gpuTypes { id displayName memoryInGb secureCloud communityCloud');
    expect(sent.query).toContain(
      'lowestPrice(input: {gpuCount: 1}) { minimumBidPrice uninterruptablePrice stockStatus minVcpu minMemory }',
    );
    // RTX 3090 has no minimumBidPrice (no spot offer) and is not in the REST body; the RTX 4090
    // offers keep vCPU / RAM 0 since GraphQL says nothing about that type.
    expect(offers).toEqual([
      rest4090('secure', { vcpus: 0, ramGb: 0 }),
      rest4090('community', { vcpus: 0, ramGb: 0 }),
    ]);
  });

  it('adds spot offers at minimumBidPrice and fills vCPU / RAM from minVcpu / minMemory', async () => {
    // NOT a recorded body: the recorded examples have no minimumBidPrice / minVcpu / minMemory. Written
    // by hand in the documented LowestPrice shape (fields as in runpod/docs sdks/graphql/manage-pods.mdx
    // and the GraphQL schema: minimumBidPrice, uninterruptablePrice, stockStatus, minVcpu, minMemory).
    const documentedShape = {
      data: {
        gpuTypes: [
          {
            id: 'NVIDIA GeForce RTX 4090',
            displayName: 'RTX 4090',
            memoryInGb: 24,
            secureCloud: true,
            communityCloud: true,
            lowestPrice: {
              minimumBidPrice: 0.2,
              uninterruptablePrice: 0.31,
              stockStatus: 'High',
              minVcpu: 16,
              minMemory: 62,
            },
          },
          {
            id: 'NVIDIA RTX A6000',
            memoryInGb: 48,
            lowestPrice: { minimumBidPrice: 0.25, stockStatus: 'Medium', minVcpu: 8, minMemory: 50 },
          },
          {
            id: 'NVIDIA GeForce RTX 3090',
            memoryInGb: 24,
            lowestPrice: { minimumBidPrice: 0.11, stockStatus: 'Low', minVcpu: null, minMemory: null },
          },
          { id: 'NVIDIA A40', lowestPrice: { minimumBidPrice: 0.2, stockStatus: null } },
          { id: 'NVIDIA H100 80GB HBM3', memoryInGb: 80, lowestPrice: { minimumBidPrice: 0 } },
          { id: 'NVIDIA RTX A4000', memoryInGb: 16, lowestPrice: null },
        ],
      },
    };
    const { offers } = await listWith([REST, graphql({ body: documentedShape })]);

    const spot = (id: string, rest: Partial<ProviderOffer>): ProviderOffer => ({
      providerOfferId: `${id}:spot`,
      gpuName: id,
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 0,
      ramGb: 0,
      storageGb: 0,
      region: 'unknown',
      country: null,
      spot: true,
      availability: 'unavailable',
      pricePerHour: 0,
      ...rest,
    });
    expect(offers).toEqual([
      rest4090('secure', { vcpus: 16, ramGb: 62 }),
      rest4090('community', { vcpus: 16, ramGb: 62 }),
      spot('NVIDIA GeForce RTX 4090', {
        gpuVramGb: 24,
        vcpus: 16,
        ramGb: 62,
        availability: 'available',
        pricePerHour: 0.2,
      }),
      spot('NVIDIA RTX A6000', {
        gpuVramGb: 48,
        vcpus: 8,
        ramGb: 50,
        availability: 'available',
        pricePerHour: 0.25,
      }),
      spot('NVIDIA GeForce RTX 3090', { gpuVramGb: 24, availability: 'limited', pricePerHour: 0.11 }),
      spot('NVIDIA A40', { pricePerHour: 0.2 }),
    ]);
  });

  it('fails the whole listing on a GraphQL errors body, naming the first message', async () => {
    // Inline body in the GraphQL-spec error shape (RunPod answers it with HTTP 200).
    const errors = {
      data: null,
      errors: [
        { message: 'Cannot query field "bogus" on type "GpuType".', locations: [{ line: 1, column: 9 }] },
        { message: 'second error' },
      ],
    };
    const error = await listWith([REST, graphql({ body: errors })]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderHttpError);
    expect((error as ProviderHttpError).status).toBe(200);
    expect((error as Error).message).toBe(
      'POST /graphql answered GraphQL errors: Cannot query field "bogus" on type "GpuType". (+1 more)',
    );
  });

  it('fails the whole listing when GraphQL answers a non-2xx after REST succeeded', async () => {
    const requests = await expectProviderHttpError(
      runpodAdapter,
      [REST, graphql({ status: 401, body: { error: 'unauthorized' } })],
      401,
    );
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/catalog/gpus',
      'GET /v2/catalog/gpus',
      'POST /graphql',
    ]);
    await expectProviderHttpError(runpodAdapter, [REST, graphql({ status: 502, body: 'bad gateway' })], 502);
  });

  it('rejects a GraphQL body of unexpected shape', async () => {
    await expect(
      listWith([REST, graphql({ body: { data: { gpuTypes: [{ name: 'x' }] } } })]),
    ).rejects.toThrow(/id/);
    await expect(listWith([REST, graphql({ body: {} })])).rejects.toThrow(
      'POST /graphql answered neither data nor errors',
    );
  });
});
