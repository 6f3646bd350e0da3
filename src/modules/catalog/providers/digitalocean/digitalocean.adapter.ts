import { z } from 'zod';
import type { ProviderAdapter, ProviderOffer } from '../../catalog.types.js';
import { seedFromPriceList } from '../price-list.js';

// Shape of `GET /v2/sizes` (https://docs.digitalocean.com/reference/api/reference/sizes/; GPU fields as in
// the official godo client's `Size.GPUInfo`): `memory` in MB (MiB in practice), `disk` in GB,
// `price_hourly` in USD, `gpu_info.vram` the TOTAL VRAM of all the size's GPUs.
const sizeSchema = z.object({
  slug: z.string(),
  memory: z.number(),
  vcpus: z.number(),
  disk: z.number(),
  price_hourly: z.number(),
  regions: z.array(z.string()),
  available: z.boolean(),
  description: z.string().optional(),
  gpu_info: z
    .object({
      count: z.number(),
      model: z.string().optional(),
      vram: z.object({ amount: z.number(), unit: z.string() }).optional(),
    })
    .nullish(),
});

const sizesPageSchema = z.object({
  sizes: z.array(sizeSchema),
  links: z.object({ pages: z.object({ next: z.string().optional() }).partial().optional() }).optional(),
});

/** Region reported for a GPU size that no region can take now (DigitalOcean names none then). */
export const DIGITALOCEAN_NO_REGION = 'unknown';

// Region slug prefix → country (https://docs.digitalocean.com/platform/regional-availability/).
const COUNTRY_BY_PREFIX: Record<string, string> = {
  nyc: 'US',
  sfo: 'US',
  atl: 'US',
  ric: 'US',
  tor: 'CA',
  ams: 'NL',
  fra: 'DE',
  lon: 'GB',
  sgp: 'SG',
  blr: 'IN',
  syd: 'AU',
};

function countryOf(region: string): string | null {
  return COUNTRY_BY_PREFIX[region.replace(/\d+$/, '')] ?? null;
}

const GB_PER_UNIT: Record<string, number> = { mib: 1 / 1024, gib: 1, tib: 1024 };

/** `{amount, unit}` → GB per GPU: the API reports the size's total, so it is divided by the GPU count. */
function vramPerGpuGb(vram: { amount: number; unit: string } | undefined, count: number): number | null {
  if (!vram) return null;
  const factor = GB_PER_UNIT[vram.unit.toLowerCase()];
  return factor === undefined ? null : (vram.amount * factor) / count;
}

/**
 * One page of `GET /v2/sizes` → offers. Only sizes with `gpu_info.count ≥ 1` (CPU Droplets skipped).
 * An available size yields one 'available' offer per region in `regions` (id `<slug>:<region>`); a size
 * that is not available or lists no region yields ONE 'unavailable' offer in region `unknown` (id =
 * slug). GPU name = `gpu_info.model` (`nvidia_h100`), else the description. RAM: MB / 1024.
 */
export function parseDigitalOceanSizes(body: unknown): ProviderOffer[] {
  const { sizes } = sizesPageSchema.parse(body);
  const offers: ProviderOffer[] = [];
  for (const size of sizes) {
    const gpu = size.gpu_info;
    if (!gpu || gpu.count <= 0) continue;
    const base = {
      gpuName: gpu.model ?? size.description ?? size.slug,
      gpuCount: gpu.count,
      gpuVramGb: vramPerGpuGb(gpu.vram, gpu.count),
      vcpus: size.vcpus,
      ramGb: size.memory / 1024,
      storageGb: size.disk,
      spot: false,
      pricePerHour: size.price_hourly,
    };
    if (!size.available || size.regions.length === 0) {
      offers.push({
        ...base,
        providerOfferId: size.slug,
        region: DIGITALOCEAN_NO_REGION,
        country: null,
        availability: 'unavailable',
      });
      continue;
    }
    for (const region of size.regions) {
      offers.push({
        ...base,
        providerOfferId: `${size.slug}:${region}`,
        region,
        country: countryOf(region),
        availability: 'available',
      });
    }
  }
  return offers;
}

/** `links.pages.next` (an absolute URL) → its `page` number; null on the last page. */
export function nextDigitalOceanPage(body: unknown): number | null {
  const next = sizesPageSchema.parse(body).links?.pages?.next;
  if (!next) return null;
  const page = Number(new URL(next).searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : null;
}

const PER_PAGE = 200;
// A guard against a `next` link that never ends (the API has ~150 sizes: one or two pages).
const MAX_PAGES = 50;

/**
 * DigitalOcean GPU Droplets. Auth: `Authorization: Bearer <token>` (scope `sizes:read`). `GET /v2/sizes`
 * is paginated (`page`, `per_page`); the adapter follows `links.pages.next` until it is absent.
 */
export const digitaloceanAdapter: ProviderAdapter = {
  id: 'digitalocean',
  name: 'DigitalOcean',
  kind: 'live',
  defaultBaseUrl: 'https://api.digitalocean.com',
  docsUrl: 'https://docs.digitalocean.com/reference/api/reference/sizes/',
  supportsProvisioning: false,
  credential: 'required',
  async listOffers(ctx) {
    const headers = { authorization: `Bearer ${ctx.credential ?? ''}` };
    const offers: ProviderOffer[] = [];
    let page: number | null = 1;
    for (let fetched = 0; page !== null && fetched < MAX_PAGES; fetched++) {
      const body: unknown = await ctx.http.request('GET', '/v2/sizes', {
        headers,
        query: { page, per_page: PER_PAGE },
      });
      offers.push(...parseDigitalOceanSizes(body));
      page = nextDigitalOceanPage(body);
    }
    return offers;
  },
  seedOffers: () => seedFromPriceList('digitalocean'),
};
