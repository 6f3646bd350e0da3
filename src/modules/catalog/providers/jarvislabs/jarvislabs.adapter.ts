import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderOffer } from '../../catalog.types.js';

/**
 * JarvisLabs: `GET /misc/server_meta` with `Authorization: Bearer <API token>`.
 *
 * Each `server_meta` row is one GPU type × region × workload type (`container` or `vm`; null on
 * older VM-capable rows, read as `vm`) with prices per GPU-hour, `num_gpus` (the most GPUs one
 * instance may take, a string; absent → 1), `vram` per GPU (a string) and free device counts. An
 * instance of N GPUs costs N × the per-GPU price and gets N × `cpus_per_gpu` vCPUs and N ×
 * `ram_per_gpu` GB. `cpu_meta` (CPU-only machines) is skipped.
 */

interface JarvisGpuRow {
  gpu_type?: string | null;
  region?: string | null;
  workload_type?: string | null;
  num_gpus?: string | number | null;
  vram?: string | number | null;
  cpus_per_gpu?: number | string | null;
  ram_per_gpu?: number | string | null;
  price_per_hour?: number | string | null;
  spot_price?: number | string | null;
  num_free_devices?: number | null;
  effective_num_free_devices?: number | null;
  spot_num_free_devices?: number | null;
}

// JarvisLabs data-centre regions → country (europe-01 does not name its country).
const REGION_COUNTRY: Record<string, string> = {
  'india-01': 'IN',
  'india-noida-01': 'IN',
  'india-chennai-01': 'IN',
};

/**
 * Availability of an N-GPU instance from the free device count of its tier: fewer free than N →
 * 'unavailable'; exactly N (the last devices) → 'limited'; more → 'available'.
 */
export function jarvislabsAvailability(freeDevices: number, gpuCount: number): Availability {
  if (freeDevices < gpuCount) return 'unavailable';
  return freeDevices === gpuCount ? 'limited' : 'available';
}

/**
 * One offer per row × GPU count 1..`num_gpus` × tier (on-demand; spot when `spot_price` is set).
 * Rows without a region, GPU type or on-demand price are skipped.
 */
export function parseJarvislabsServerMeta(body: unknown): ProviderOffer[] {
  const rows = (body as { server_meta?: unknown } | null)?.server_meta;
  if (!Array.isArray(rows)) throw new Error('jarvislabs: server_meta answer has no server_meta array');
  const offers: ProviderOffer[] = [];
  for (const row of rows as JarvisGpuRow[]) {
    const price = num(row.price_per_hour);
    if (!row.gpu_type || !row.region || price === null) continue;
    const workload = row.workload_type ?? 'vm';
    const maxGpus = num(row.num_gpus) ?? 1;
    const tiers = [
      { spot: false, price, free: row.effective_num_free_devices ?? row.num_free_devices ?? 0 },
      { spot: true, price: num(row.spot_price), free: row.spot_num_free_devices ?? 0 },
    ];
    for (let count = 1; count <= maxGpus; count++) {
      for (const tier of tiers) {
        if (tier.price === null) continue;
        offers.push({
          providerOfferId: `${row.gpu_type}:${row.region}:${workload}:${count}x${tier.spot ? ':spot' : ''}`,
          gpuName: row.gpu_type,
          gpuCount: count,
          gpuVramGb: num(row.vram),
          vcpus: (num(row.cpus_per_gpu) ?? 0) * count,
          ramGb: (num(row.ram_per_gpu) ?? 0) * count,
          storageGb: 0,
          region: row.region,
          country: REGION_COUNTRY[row.region] ?? null,
          spot: tier.spot,
          availability: jarvislabsAvailability(tier.free, count),
          // Rounded to 1e-6 so 3 × 0.29 is 0.87, not 0.8699999999999999.
          pricePerHour: Math.round(tier.price * count * 1e6) / 1e6,
        });
      }
    }
  }
  return offers;
}

function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export const jarvislabsAdapter: ProviderAdapter = {
  id: 'jarvislabs',
  name: 'JarvisLabs',
  kind: 'live',
  defaultBaseUrl: 'https://backendprod.jarvislabs.net',
  docsUrl: 'https://docs.jarvislabs.ai/',
  supportsProvisioning: false,
  credential: 'required',

  async listOffers({ http, credential }) {
    if (!credential) throw new Error('jarvislabs: API token missing');
    const body = await http.request('GET', '/misc/server_meta', {
      headers: { authorization: `Bearer ${credential}` },
    });
    return parseJarvislabsServerMeta(body);
  },

  async seedOffers() {
    return {
      source:
        'assets/datasets/provider-api/jarvislabs/misc-server_meta.json ' +
        '(dstackai/gpuhunt@35841515de37 src/tests/providers/test_jarvislabs.py SERVER_META_RESPONSE, MPL-2.0)',
      offers: parseJarvislabsServerMeta(
        await readDatasetJson('provider-api', 'jarvislabs', 'misc-server_meta.json'),
      ),
    };
  },
};
