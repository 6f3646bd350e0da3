import { readDatasetJson } from '../../assets.js';
import type { ProviderAdapter, ProviderHttp, ProviderOffer } from '../../catalog.types.js';

/**
 * Vultr API v2 (`Authorization: Bearer <API key>`): cloud plans `GET /plans?type=all` (GPU plans
 * have type `vcg` and a `gpu_type`) and bare-metal plans `GET /plans-metal` (GPU model and count are
 * only in the id, e.g. `vbm-112c-2048gb-8-h100-gpu`). Lists paginate by cursor: `per_page` up to
 * 500, `meta.links.next` is the cursor of the next page (empty string on the last one), sent back as
 * `cursor`. `ram` is MB, `disk` is GB per disk, `hourly_cost` USD/h for the whole plan;
 * `hourly_cost_preemptible`, when present, is a spot offer. One offer per plan × location in
 * `locations` (the regions the plan can be deployed in now → 'available').
 */

interface VultrPlan {
  id: string;
  type?: string;
  vcpu_count?: number;
  cpu_count?: number;
  cpu_threads?: number;
  ram: number;
  disk?: number;
  disk_count?: number;
  hourly_cost?: number;
  hourly_cost_preemptible?: number;
  locations?: string[];
  gpu_vram_gb?: number;
  gpu_type?: string;
}

/** Largest page Vultr serves. */
export const VULTR_PAGE_SIZE = 500;

// VRAM of one whole GPU per model token, to tell a multi-GPU plan (vram a multiple of it) from a
// fractional slice. Unknown models count as one GPU with the plan's VRAM.
const FULL_GPU_VRAM_GB: Record<string, number> = {
  A100: 80,
  H100: 80,
  A40: 48,
  L40S: 48,
  A16: 16,
  GH200: 96,
  MI300X: 192,
  MI325X: 256,
};

// Vultr region ids are airport / city codes.
const REGION_COUNTRY: Record<string, string> = {
  ewr: 'US',
  ord: 'US',
  dfw: 'US',
  sea: 'US',
  lax: 'US',
  atl: 'US',
  mia: 'US',
  sjc: 'US',
  hnl: 'US',
  yto: 'CA',
  mex: 'MX',
  sao: 'BR',
  scl: 'CL',
  ams: 'NL',
  fra: 'DE',
  lhr: 'GB',
  man: 'GB',
  cdg: 'FR',
  mad: 'ES',
  waw: 'PL',
  sto: 'SE',
  tlv: 'IL',
  jnb: 'ZA',
  bom: 'IN',
  blr: 'IN',
  del: 'IN',
  sgp: 'SG',
  nrt: 'JP',
  itm: 'JP',
  icn: 'KR',
  syd: 'AU',
  mel: 'AU',
};

/** GPU model and count from a bare-metal plan id (`…-8-mi300x-gpu`); null for a CPU-only plan. */
export function vultrMetalGpu(id: string): { model: string; count: number } | null {
  const parts = id.split('-');
  if (parts.length < 3 || parts.at(-1) !== 'gpu') return null;
  const count = Number(parts.at(-3));
  return { model: parts.at(-2)!.toUpperCase(), count: Number.isInteger(count) && count > 0 ? count : 1 };
}

/** Offers from the cloud plans (`plans[]`, GPU `vcg` plans only; a fractional GPU counts as 1). */
export function parseVultrPlans(plans: unknown): ProviderOffer[] {
  return asPlans(plans).flatMap((p) => {
    if (p.type !== 'vcg' || !p.gpu_type) return [];
    const vram = p.gpu_vram_gb ?? null;
    const full = FULL_GPU_VRAM_GB[p.gpu_type.split('_').at(-1)!.toUpperCase()];
    const count = vram && full && vram > full && vram % full === 0 ? vram / full : 1;
    return planOffers(p, p.gpu_type, count, vram === null ? null : vram / count, p.vcpu_count ?? 0);
  });
}

/** Offers from the bare-metal plans (`plans_metal[]`, plans whose id names a GPU). vCPUs = threads. */
export function parseVultrMetalPlans(plans: unknown): ProviderOffer[] {
  return asPlans(plans).flatMap((p) => {
    const gpu = vultrMetalGpu(p.id);
    if (!gpu) return [];
    return planOffers(
      p,
      gpu.model,
      gpu.count,
      FULL_GPU_VRAM_GB[gpu.model] ?? null,
      p.cpu_threads ?? p.cpu_count ?? 0,
    );
  });
}

function planOffers(
  p: VultrPlan,
  gpuName: string,
  gpuCount: number,
  gpuVramGb: number | null,
  vcpus: number,
): ProviderOffer[] {
  const tiers = [
    { spot: false, price: p.hourly_cost },
    { spot: true, price: p.hourly_cost_preemptible },
  ];
  return (p.locations ?? []).flatMap((region) =>
    tiers
      .filter((t): t is { spot: boolean; price: number } => typeof t.price === 'number')
      .map((t) => ({
        providerOfferId: `${p.id}:${region}${t.spot ? ':spot' : ''}`,
        gpuName,
        gpuCount,
        gpuVramGb,
        vcpus,
        ramGb: p.ram / 1024,
        storageGb: (p.disk ?? 0) * (p.disk_count ?? 1),
        region,
        country: REGION_COUNTRY[region] ?? null,
        spot: t.spot,
        availability: 'available' as const,
        pricePerHour: t.price,
      })),
  );
}

function asPlans(plans: unknown): VultrPlan[] {
  if (!Array.isArray(plans)) throw new Error('vultr: plans answer has no plans array');
  return plans as VultrPlan[];
}

/** Fetches every page of a Vultr list (`key` holds the items), following `meta.links.next`. */
export async function fetchAllVultrPages(
  http: ProviderHttp,
  path: string,
  key: string,
  query: Record<string, string | number>,
  headers: Record<string, string>,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  // Bounded so a server that repeats a cursor cannot loop forever.
  for (let page = 0; page < 100; page++) {
    const body = await http.request<Record<string, unknown>>('GET', path, {
      headers,
      query: { ...query, per_page: VULTR_PAGE_SIZE, cursor },
    });
    const list = body?.[key];
    if (!Array.isArray(list)) throw new Error(`vultr: ${path} answer has no ${key} array`);
    items.push(...list);
    const next = (body.meta as { links?: { next?: string } } | undefined)?.links?.next;
    if (!next || next === cursor) return items;
    cursor = next;
  }
  throw new Error(`vultr: ${path} did not finish paginating after 100 pages`);
}

export const vultrAdapter: ProviderAdapter = {
  id: 'vultr',
  name: 'Vultr',
  kind: 'live',
  defaultBaseUrl: 'https://api.vultr.com/v2',
  docsUrl: 'https://www.vultr.com/api/#tag/plans',
  supportsProvisioning: false,
  credential: 'required',

  async listOffers({ http, credential }) {
    if (!credential) throw new Error('vultr: API key missing');
    const headers = { authorization: `Bearer ${credential}` };
    const [plans, metal] = await Promise.all([
      fetchAllVultrPages(http, '/plans', 'plans', { type: 'all' }, headers),
      fetchAllVultrPages(http, '/plans-metal', 'plans_metal', {}, headers),
    ]);
    return [...parseVultrPlans(plans), ...parseVultrMetalPlans(metal)];
  },

  async seedOffers() {
    const [vcg, metal] = await Promise.all([
      readDatasetJson<{ plans: unknown }>('provider-api', 'vultr', 'plans-vcg.json'),
      readDatasetJson<{ plans_metal: unknown }>('provider-api', 'vultr', 'plans-metal.json'),
    ]);
    return {
      source:
        'assets/datasets/provider-api/vultr/{plans-vcg,plans-metal}.json ' +
        '(dstackai/gpuhunt@35841515de37 src/tests/providers/test_vultr.py fixtures, MPL-2.0)',
      offers: [...parseVultrPlans(vcg.plans), ...parseVultrMetalPlans(metal.plans_metal)],
    };
  },
};
