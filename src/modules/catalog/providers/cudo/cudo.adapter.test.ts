import { describe, expect, it } from 'vitest';
import {
  expectProviderHttpError,
  listOffersOver,
  type RecordedRoute,
} from '../recorded-server.test-support.js';
import { cudoAdapter, cudoCountry, cudoDefaultShape, parseCudoMachineTypes } from './cudo.adapter.js';

const ROUTES: RecordedRoute[] = [
  { method: 'GET', path: '/v1/vms/machine-types', file: 'cudo/vms-machine-types.json' },
];

const list = (routes: RecordedRoute[]) => listOffersOver(cudoAdapter, routes);

describe('cudoAdapter.listOffers over the recorded machine-types body', () => {
  it('sends one GET /v1/vms/machine-types with the Bearer key', async () => {
    const { requests } = await list(ROUTES);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/v1/vms/machine-types');
    expect([...req!.query.keys()]).toEqual([]);
    expect(req?.headers.authorization).toBe('Bearer test-key');
  });

  it('lists 2 GPU machine types × 4 GPU counts', async () => {
    const { offers } = await list(ROUTES);
    expect(offers).toHaveLength(8);
    expect(offers.map((o) => o.providerOfferId).slice(0, 4)).toEqual([
      'cascade-lake:br-saopaulo-1:1x',
      'cascade-lake:br-saopaulo-1:2x',
      'cascade-lake:br-saopaulo-1:4x',
      'cascade-lake:br-saopaulo-1:8x',
    ]);
  });

  it('composes the price of one offer from the unit prices (every field)', async () => {
    const { offers } = await list(ROUTES);
    // RTX 3080 in br-saopaulo-1: gpu 0.05, vcpu 0.0025, memory 0.0038, storage 0.00013 (USD/h).
    // 1 GPU → 4 vCPUs, 4 / 0.25 = 16 GiB, 100 GiB disk:
    // 0.05 + 4×0.0025 + 16×0.0038 + 100×0.00013 = 0.05 + 0.01 + 0.0608 + 0.013 = 0.1338.
    expect(offers[0]).toEqual({
      providerOfferId: 'cascade-lake:br-saopaulo-1:1x',
      gpuName: 'RTX 3080',
      gpuCount: 1,
      gpuVramGb: null,
      vcpus: 4,
      ramGb: 16,
      storageGb: 100,
      region: 'br-saopaulo-1',
      country: 'BR',
      spot: false,
      availability: 'available',
      pricePerHour: 0.1338,
    });
  });

  it('maps free capacity to availability', async () => {
    const byId = new Map((await list(ROUTES)).offers.map((o) => [o.providerOfferId, o]));
    // maxGpuFree 5 < 8 → unavailable.
    expect(byId.get('cascade-lake:br-saopaulo-1:8x')?.availability).toBe('unavailable');
    // RTX A5000: 4 GPUs fit on one host (maxGpuFree 4) but only 7 are free in the DC → limited.
    // 16 vCPUs, floor(16 / 0.259109) = 61 GiB: 4×0.52 + 16×0.0021 + 61×0.0034 + 100×0.000107 = 2.3317.
    expect(byId.get('epyc-rome-rtx-a5000:no-luster-1:4x')).toMatchObject({
      gpuName: 'RTX A5000',
      vcpus: 16,
      ramGb: 61,
      country: 'NO',
      availability: 'limited',
      pricePerHour: 2.3317,
    });
    expect(byId.get('epyc-rome-rtx-a5000:no-luster-1:1x')?.availability).toBe('available');
  });

  it('rejects with ProviderHttpError carrying the status on a non-2xx answer', async () => {
    await expectProviderHttpError(
      cudoAdapter,
      [{ method: 'GET', path: '/v1/vms/machine-types', status: 500, body: {} }],
      500,
    );
  });
});

describe('cudo parsing rules', () => {
  it('skips CPU-only machine types', () => {
    const cpuOnly = {
      dataCenterId: 'gb-london-1',
      machineType: 'epyc-milan',
      gpuModel: '',
      gpuModelId: '',
      vcpuPriceHr: { value: '0.002' },
      memoryGibPriceHr: { value: '0.003' },
      gpuPriceHr: { value: '0' },
    };
    expect(parseCudoMachineTypes({ machineTypes: [cpuOnly] })).toEqual([]);
    expect(() => parseCudoMachineTypes({})).toThrow(/machineTypes/);
  });

  it('clamps the default vCPUs into the per-GPU bounds and reads the country prefix', () => {
    expect(cudoDefaultShape({ minVcpuPerGpu: 1, maxVcpuPerGpu: 2, minVcpuPerMemoryGib: 0.5 }, 2)).toEqual({
      vcpus: 4,
      ramGib: 8,
      diskGib: 100,
    });
    expect(cudoDefaultShape({ minVcpu: 8, minMemoryGib: 64, minVcpuPerMemoryGib: 0.25 }, 1)).toEqual({
      vcpus: 8,
      ramGib: 64,
      diskGib: 100,
    });
    expect(cudoCountry('gb-london-1')).toBe('GB');
    expect(cudoCountry('london')).toBeNull();
  });

  it('seeds from the recorded body through the same parser', async () => {
    const { source, offers } = await cudoAdapter.seedOffers();
    expect(source).toContain('vms-machine-types.json');
    expect(offers).toHaveLength(8);
  });
});
