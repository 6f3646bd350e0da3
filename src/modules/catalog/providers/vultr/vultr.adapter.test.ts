import { beforeAll, describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { parseVultrPlans, vultrAdapter, vultrMetalGpu } from './vultr.adapter.js';

const NEXT_CURSOR = 'bmV4dF9fdmMyLTE2Yy02NGdi';

// Two-page walk over GET /plans: page 1 is the recorded GPU plans (plans-vcg.json, whose fixture
// carries no meta) given a `meta.links.next` cursor at test time; page 2 is the recorded generic
// plan list (plans.json: one CPU plan and the real meta envelope with `next: ""`, the last page).
let routes: RecordedRoute[];
beforeAll(async () => {
  const vcg = await readDatasetJson<Record<string, unknown>>('provider-api', 'vultr', 'plans-vcg.json');
  routes = [
    {
      method: 'GET',
      path: '/plans',
      body: { ...vcg, meta: { total: 4, links: { next: NEXT_CURSOR, prev: '' } } },
      when: (r) => !r.query.has('cursor'),
    },
    {
      method: 'GET',
      path: '/plans',
      file: 'vultr/plans.json',
      when: (r) => r.query.get('cursor') === NEXT_CURSOR,
    },
    { method: 'GET', path: '/plans-metal', file: 'vultr/plans-metal.json' },
  ];
});

const list = (routes: RecordedRoute[]) => listOffersOver(vultrAdapter, routes, { prefix: '/v2' });

describe('vultrAdapter.listOffers over the recorded plan bodies', () => {
  it('follows the plans cursor and sends the Bearer key on every request', async () => {
    const { requests } = await list(routes);
    const seen = requests.map((r) => `${r.method} ${r.path}?${r.query}`).sort();
    expect(seen).toEqual([
      'GET /plans-metal?per_page=500',
      'GET /plans?type=all&per_page=500',
      `GET /plans?type=all&per_page=500&cursor=${NEXT_CURSOR}`,
    ]);
    for (const r of requests) expect(r.headers.authorization).toBe('Bearer test-key');
  });

  it('lists 3 cloud GPU plans and 2 bare-metal plans × on-demand/preemptible; the vc2 plan is skipped', async () => {
    const { offers } = await list(routes);
    expect(offers.map((o) => o.providerOfferId)).toEqual([
      'vcg-a100-1c-6g-4vram:ewr',
      'vcg-a100-12c-120g-80vram:ewr',
      'vcg-a100-6c-60g-40vram:ewr',
      'vbm-256c-2048gb-8-mi300x-gpu:ord',
      'vbm-256c-2048gb-8-mi300x-gpu:ord:spot',
      'vbm-112c-2048gb-8-h100-gpu:sea',
      'vbm-112c-2048gb-8-h100-gpu:sea:spot',
    ]);
  });

  it('maps every field of a cloud GPU plan (ram MB → GB)', async () => {
    const { offers } = await list(routes);
    // vcg-a100-12c-120g-80vram: 12 vCPUs, ram 122880 MB, disk 1400 × 1, 80 GB VRAM, $2.397/h, ewr.
    expect(offers[1]).toEqual({
      providerOfferId: 'vcg-a100-12c-120g-80vram:ewr',
      gpuName: 'NVIDIA_A100',
      gpuCount: 1,
      gpuVramGb: 80,
      vcpus: 12,
      ramGb: 120,
      storageGb: 1400,
      region: 'ewr',
      country: 'US',
      spot: false,
      availability: 'available',
      pricePerHour: 2.397,
    });
    // A 4 GB slice of an A100 is one (fractional) GPU with 4 GB.
    expect(offers[0]).toMatchObject({ gpuCount: 1, gpuVramGb: 4, vcpus: 1, ramGb: 6, pricePerHour: 0.123 });
  });

  it('maps every field of a bare-metal preemptible plan', async () => {
    const { offers } = await list(routes);
    // vbm-112c-2048gb-8-h100-gpu: 224 threads, ram 2097152 MB, disk 960 × 2,
    // hourly_cost_preemptible 18.4, location sea.
    expect(offers[6]).toEqual({
      providerOfferId: 'vbm-112c-2048gb-8-h100-gpu:sea:spot',
      gpuName: 'H100',
      gpuCount: 8,
      gpuVramGb: 80,
      vcpus: 224,
      ramGb: 2048,
      storageGb: 1920,
      region: 'sea',
      country: 'US',
      spot: true,
      availability: 'available',
      pricePerHour: 18.4,
    });
    expect(offers[3]).toMatchObject({
      gpuName: 'MI300X',
      gpuCount: 8,
      storageGb: 28608,
      pricePerHour: 17.52,
    });
  });

  it('rejects with ProviderHttpError carrying the status on a non-2xx answer', async () => {
    await expectProviderHttpError(
      vultrAdapter,
      [{ method: 'GET', path: '/plans', status: 429, body: {} }, ...routes],
      429,
      { prefix: '/v2' },
    );
  });
});

describe('vultr parsing rules', () => {
  it('reads the GPU of a bare-metal id and ignores CPU-only metal', () => {
    expect(vultrMetalGpu('vbm-112c-2048gb-8-h100-gpu')).toEqual({ model: 'H100', count: 8 });
    expect(vultrMetalGpu('vbm-64c-2048gb-l40-gpu')).toEqual({ model: 'L40', count: 1 });
    expect(vultrMetalGpu('vbm-4c-32gb')).toBeNull();
  });

  it('splits a multi-GPU cloud plan into whole GPUs', () => {
    const plan = {
      id: 'vcg-a100-96c-960g-640vram',
      type: 'vcg',
      vcpu_count: 96,
      ram: 983040,
      disk: 1400,
      hourly_cost: 20,
      locations: ['ams'],
      gpu_vram_gb: 640,
      gpu_type: 'NVIDIA_A100',
    };
    expect(parseVultrPlans([plan])[0]).toMatchObject({ gpuCount: 8, gpuVramGb: 80, country: 'NL' });
  });

  it('seeds from the recorded bodies through the same parsers', async () => {
    const { source, offers } = await vultrAdapter.seedOffers();
    expect(source).toContain('plans-vcg');
    expect(offers).toHaveLength(7);
  });
});
