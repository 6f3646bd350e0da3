import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderOffer } from '../../catalog.types.js';

/**
 * Cudo Compute: `GET /v1/vms/machine-types` with `Authorization: Bearer <API key>`.
 *
 * Cudo sells VMs of any shape and prices each resource per hour per data centre (`vcpuPriceHr`,
 * `memoryGibPriceHr`, `gpuPriceHr`, `minStorageGibPriceHr`, each `{ value: "<decimal string>" }`).
 * A machine type has no fixed size, so this adapter lists one documented default shape per GPU
 * count (see `cudoDefaultShape`) and composes its price from the unit prices. CPU-only machine
 * types (no `gpuModelId`) are skipped.
 */

interface Money {
  value: string;
}

interface CudoMachineType {
  dataCenterId: string;
  machineType: string;
  gpuModel?: string;
  gpuModelId?: string;
  minVcpuPerMemoryGib?: number;
  maxVcpuPerMemoryGib?: number;
  minVcpuPerGpu?: number;
  maxVcpuPerGpu?: number;
  /** Smallest VM the data centre accepts (newer answers only). */
  minVcpu?: number;
  minMemoryGib?: number;
  vcpuPriceHr: Money;
  memoryGibPriceHr: Money;
  gpuPriceHr: Money;
  minStorageGibPriceHr?: Money;
  maxVcpuFree?: number;
  maxMemoryGibFree?: number;
  maxGpuFree?: number;
  totalGpuFree?: number;
}

/** GPU counts listed per machine type (the sizes GPU clouds commonly sell). */
export const CUDO_GPU_COUNTS = [1, 2, 4, 8] as const;
/** vCPUs per GPU in the default shape, clamped into the data centre's [minVcpuPerGpu, maxVcpuPerGpu]. */
export const CUDO_VCPUS_PER_GPU = 4;
/** Boot disk of the default shape, GiB, priced at `minStorageGibPriceHr`. */
export const CUDO_DISK_GIB = 100;

/**
 * The default shape for `gpus` GPUs: 4 vCPUs per GPU (clamped to the machine type's per-GPU
 * bounds) and the most whole GiB of RAM those vCPUs may have (`vcpus / minVcpuPerMemoryGib`,
 * rounded down; 4 GiB per vCPU when the type sets no ratio), raised to the data centre's
 * `minVcpu` / `minMemoryGib` when it states them, plus a 100 GiB disk.
 */
export function cudoDefaultShape(
  mt: Pick<
    CudoMachineType,
    'minVcpuPerGpu' | 'maxVcpuPerGpu' | 'minVcpuPerMemoryGib' | 'minVcpu' | 'minMemoryGib'
  >,
  gpus: number,
): { vcpus: number; ramGib: number; diskGib: number } {
  const perGpu = Math.min(Math.max(CUDO_VCPUS_PER_GPU, mt.minVcpuPerGpu ?? 1), mt.maxVcpuPerGpu ?? Infinity);
  const vcpus = Math.max(perGpu * gpus, mt.minVcpu ?? 0);
  const ratio = mt.minVcpuPerMemoryGib ?? 0;
  const ramGib = Math.max(ratio > 0 ? Math.floor(vcpus / ratio + 1e-9) : vcpus * 4, mt.minMemoryGib ?? 0);
  return { vcpus, ramGib, diskGib: CUDO_DISK_GIB };
}

/**
 * Availability of a shape from the data centre's free capacity: it must fit on one host (`maxGpuFree`,
 * `maxVcpuFree`, `maxMemoryGibFree`) or it is 'unavailable'; it is 'limited' when the whole data
 * centre has fewer than twice its GPUs free (`totalGpuFree`), else 'available'.
 */
export function cudoAvailability(
  mt: Pick<CudoMachineType, 'maxGpuFree' | 'maxVcpuFree' | 'maxMemoryGibFree' | 'totalGpuFree'>,
  gpus: number,
  shape: { vcpus: number; ramGib: number },
): Availability {
  const fits =
    gpus <= (mt.maxGpuFree ?? 0) &&
    shape.vcpus <= (mt.maxVcpuFree ?? 0) &&
    shape.ramGib <= (mt.maxMemoryGibFree ?? 0);
  if (!fits) return 'unavailable';
  return (mt.totalGpuFree ?? 0) < 2 * gpus ? 'limited' : 'available';
}

/**
 * Offers from a `machine-types` answer: GPU machine type × GPU count (1, 2, 4, 8) with the default
 * shape; price = gpuPriceHr × gpus + vcpuPriceHr × vCPUs + memoryGibPriceHr × GiB +
 * minStorageGibPriceHr × disk GiB (USD/h, rounded to 1e-6). Cudo reports no VRAM (null).
 */
export function parseCudoMachineTypes(body: unknown): ProviderOffer[] {
  const list = (body as { machineTypes?: unknown } | null)?.machineTypes;
  if (!Array.isArray(list)) throw new Error('cudo: machine-types answer has no machineTypes array');
  const offers: ProviderOffer[] = [];
  for (const mt of list as CudoMachineType[]) {
    if (!mt.gpuModelId || !mt.gpuModel) continue;
    const unit = {
      gpu: price(mt.gpuPriceHr, 'gpuPriceHr'),
      vcpu: price(mt.vcpuPriceHr, 'vcpuPriceHr'),
      ram: price(mt.memoryGibPriceHr, 'memoryGibPriceHr'),
      disk: mt.minStorageGibPriceHr ? price(mt.minStorageGibPriceHr, 'minStorageGibPriceHr') : 0,
    };
    for (const gpus of CUDO_GPU_COUNTS) {
      const shape = cudoDefaultShape(mt, gpus);
      const total =
        unit.gpu * gpus + unit.vcpu * shape.vcpus + unit.ram * shape.ramGib + unit.disk * shape.diskGib;
      offers.push({
        providerOfferId: `${mt.machineType}:${mt.dataCenterId}:${gpus}x`,
        gpuName: mt.gpuModel,
        gpuCount: gpus,
        gpuVramGb: null,
        vcpus: shape.vcpus,
        ramGb: shape.ramGib,
        storageGb: shape.diskGib,
        region: mt.dataCenterId,
        country: cudoCountry(mt.dataCenterId),
        spot: false,
        availability: cudoAvailability(mt, gpus, shape),
        pricePerHour: Math.round(total * 1e6) / 1e6,
      });
    }
  }
  return offers;
}

/** Cudo data-centre ids start with the ISO country code (`gb-london-1`, `no-luster-1`). */
export function cudoCountry(dataCenterId: string): string | null {
  const m = /^([a-z]{2})-/.exec(dataCenterId);
  return m ? m[1]!.toUpperCase() : null;
}

function price(money: Money | undefined, what: string): number {
  const n = Number(money?.value);
  if (money?.value === undefined || money.value.trim() === '' || !Number.isFinite(n)) {
    throw new Error(`cudo: ${what} is not a decimal string`);
  }
  return n;
}

export const cudoAdapter: ProviderAdapter = {
  id: 'cudo',
  name: 'Cudo Compute',
  kind: 'live',
  defaultBaseUrl: 'https://rest.compute.cudo.org',
  docsUrl: 'https://www.cudocompute.com/docs/api/virtual-machines/list-virtual-machine-types',
  supportsProvisioning: false,
  credential: 'required',

  async listOffers({ http, credential }) {
    if (!credential) throw new Error('cudo: API key missing');
    const body = await http.request('GET', '/v1/vms/machine-types', {
      headers: { authorization: `Bearer ${credential}` },
    });
    return parseCudoMachineTypes(body);
  },

  async seedOffers() {
    return {
      source:
        'assets/datasets/provider-api/cudo/vms-machine-types.json ' +
        '(dstackai/gpuhunt@064e1d6d4f4a^ src/tests/providers/test_cudo.py fixture machine_types, MPL-2.0)',
      offers: parseCudoMachineTypes(await readDatasetJson('provider-api', 'cudo', 'vms-machine-types.json')),
    };
  },
};
