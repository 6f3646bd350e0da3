import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { ProviderAdapter, ProviderContext, ProviderOffer } from '../../catalog.types.js';
import { linodeProvisioning } from './linode.provisioning.js';

const priceSchema = z.object({ hourly: z.number().nullable() });

const typeSchema = z.object({
  id: z.string(),
  label: z.string(),
  price: priceSchema,
  region_prices: z.array(priceSchema.extend({ id: z.string() })).default([]),
  /** MB. */
  memory: z.number(),
  /** MB. */
  disk: z.number(),
  vcpus: z.number(),
  gpus: z.number(),
});

const regionSchema = z.object({
  id: z.string(),
  country: z.string(),
  capabilities: z.array(z.string()),
  status: z.string(),
});

/** Every Linode list endpoint answers one page of this envelope. */
const pageSchema = z.object({ data: z.array(z.unknown()), page: z.number(), pages: z.number() });

type LinodeType = z.infer<typeof typeSchema>;
type LinodeRegion = z.infer<typeof regionSchema>;

/** Region capability that says GPU plans can be deployed there. */
export const LINODE_GPU_CAPABILITY = 'GPU Linodes';
/** Largest page the API allows; most catalogues then fit in one request. */
export const LINODE_PAGE_SIZE = 500;

const MB_PER_GB = 1024;

/** `Dedicated 32GB + RTX6000 GPU x1` → `RTX6000`; the label itself when it has no `+ … x<n>` part. */
function gpuNameOf(label: string): string {
  const match = /\+\s*(.+?)(?:\s+GPU)?\s+x\d+/i.exec(label);
  return match?.[1] ?? label;
}

/** Items of one page body (`{data, page, pages, results}`); throws on any other shape. */
export function parseLinodePage(body: unknown): { items: unknown[]; page: number; pages: number } {
  const { data, page, pages } = pageSchema.parse(body);
  return { items: data, page, pages };
}

/**
 * GPU plans (`GET /linode/types` items) × regions (`GET /regions` items) → offers. A GPU plan
 * (`gpus` > 0) is offered in every region whose capabilities include `GPU Linodes`, and in any
 * region named by its `region_prices` (an override there means it is sold there). Price: the region's
 * override `hourly` when present, else `price.hourly` (USD/h). Linode reports no stock, so
 * availability is `available` when the region's status is `ok`, else `unavailable`; a region known
 * only from an override is `available`. Memory and disk MB → GB (/1024). The GPU name is read from
 * the label (`RTX6000`); VRAM is not reported (null). CPU plans are skipped.
 */
export function parseLinodeGpuOffers(typeItems: unknown[], regionItems: unknown[]): ProviderOffer[] {
  const types = typeItems.map((t) => typeSchema.parse(t)).filter((t) => t.gpus > 0);
  const regions = regionItems.map((r) => regionSchema.parse(r));
  const gpuRegions = regions.filter((r) => r.capabilities.includes(LINODE_GPU_CAPABILITY));
  const regionById = new Map(regions.map((r) => [r.id, r]));
  const offers: ProviderOffer[] = [];
  for (const type of types) {
    const overrides = new Map(type.region_prices.map((p) => [p.id, p.hourly]));
    const regionIds = [...new Set([...gpuRegions.map((r) => r.id), ...overrides.keys()])];
    for (const regionId of regionIds) {
      const pricePerHour = overrides.get(regionId) ?? type.price.hourly;
      if (pricePerHour == null) continue;
      offers.push(offerOf(type, regionId, regionById.get(regionId), pricePerHour));
    }
  }
  return offers;
}

function offerOf(
  type: LinodeType,
  regionId: string,
  region: LinodeRegion | undefined,
  pricePerHour: number,
): ProviderOffer {
  return {
    providerOfferId: `${type.id}:${regionId}`,
    gpuName: gpuNameOf(type.label),
    gpuCount: type.gpus,
    gpuVramGb: null,
    vcpus: type.vcpus,
    ramGb: type.memory / MB_PER_GB,
    storageGb: type.disk / MB_PER_GB,
    region: regionId,
    country: region ? region.country.toUpperCase() : null,
    spot: false,
    availability: !region || region.status === 'ok' ? 'available' : 'unavailable',
    pricePerHour,
  };
}

/** Follows `page` until `pages`, `page_size` 500, collecting every item. */
async function listAll(ctx: ProviderContext, path: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1, pages = 1; page <= pages; page++) {
    const body = await ctx.http.request('GET', path, {
      query: { page, page_size: LINODE_PAGE_SIZE },
      headers: { authorization: `Bearer ${ctx.credential ?? ''}` },
    });
    const parsed = parseLinodePage(body);
    items.push(...parsed.items);
    pages = parsed.pages;
  }
  return items;
}

const RECORDED_TYPES = 'linode/linode-types.json';
const RECORDED_REGIONS = 'linode/regions.json';

/**
 * Linode (Akamai Cloud) API v4. Auth: `Authorization: Bearer <personal access token>`. Lists plans
 * and regions (both paginated) and crosses GPU plans with GPU-capable regions. Instance lifecycle:
 * `linode.provisioning.ts`.
 */
export const linodeAdapter: ProviderAdapter = {
  id: 'linode',
  name: 'Linode (Akamai Cloud)',
  kind: 'live',
  defaultBaseUrl: 'https://api.linode.com/v4',
  docsUrl: 'https://techdocs.akamai.com/linode-api/reference/get-linode-types',
  supportsProvisioning: true,
  provisioning: linodeProvisioning,
  credential: 'required',
  async listOffers(ctx) {
    const types = await listAll(ctx, '/linode/types');
    const regions = await listAll(ctx, '/regions');
    return parseLinodeGpuOffers(types, regions);
  },
  async seedOffers() {
    const [types, regions] = await Promise.all([
      readDatasetJson('provider-api', RECORDED_TYPES),
      readDatasetJson('provider-api', RECORDED_REGIONS),
    ]);
    return {
      source:
        `assets/datasets/provider-api/${RECORDED_TYPES} and ${RECORDED_REGIONS} (recorded API responses from ` +
        'linode/linodego@676b9dbeacf0 test/integration/fixtures ExampleListTypes_all.yaml and TestRegions_List.yaml, MIT)',
      offers: parseLinodeGpuOffers(parseLinodePage(types).items, parseLinodePage(regions).items),
    };
  },
};
