import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderContext, ProviderOffer } from '../../catalog.types.js';

const amountSchema = z
  .object({
    minCount: z.number().nullish(),
    defaultCount: z.number().nullish(),
    defaultIncludedInPrice: z.boolean().nullish(),
  })
  .nullish();

const itemSchema = z.object({
  cloudId: z.string(),
  gpuType: z.string(),
  socket: z.string().nullish(),
  /** The upstream cloud this offer is resold from (runpod, hyperstack, …). */
  provider: z.string().nullish(),
  region: z.string().nullish(),
  dataCenter: z.string().nullish(),
  country: z.string().nullish(),
  gpuCount: z.number(),
  /** Per GPU, GB. */
  gpuMemory: z.number().nullish(),
  disk: amountSchema,
  vcpu: amountSchema,
  /** GB. */
  memory: amountSchema,
  stockStatus: z.string().nullish(),
  security: z.string().nullish(),
  prices: z.object({ onDemand: z.number().nullish(), communityPrice: z.number().nullish() }),
  isSpot: z.boolean().nullish(),
});
type Item = z.infer<typeof itemSchema>;

const pageSchema = z.object({ items: z.array(z.unknown()), totalCount: z.number() });

/** Page size the CLI uses; the API pages with `page` (from 1) and `page_size`. */
export const PRIMEINTELLECT_PAGE_SIZE = 100;
/** Hard stop so a provider that misreports `totalCount` cannot keep the sync paging forever. */
const MAX_PAGES = 50;

function availabilityOf(stockStatus: string | null | undefined): Availability {
  switch (stockStatus?.toLowerCase()) {
    case 'available':
    case 'high':
    case 'medium':
      return 'available';
    case 'low':
      return 'limited';
    default:
      return 'unavailable';
  }
}

function amountOf(amount: z.infer<typeof amountSchema>): number {
  return amount?.defaultCount ?? amount?.minCount ?? 0;
}

function offerOf(item: Item): ProviderOffer | null {
  // Community-cloud items carry their price in `communityPrice`; the others in `onDemand`.
  const pricePerHour = item.prices.onDemand ?? item.prices.communityPrice;
  if (pricePerHour == null || item.gpuCount < 1) return null;
  const region = item.dataCenter ?? item.region ?? 'unknown';
  const spot = item.isSpot === true;
  const idParts = [
    item.provider ?? 'unknown',
    item.cloudId,
    region,
    item.security ?? 'unknown',
    `${item.gpuCount}x`,
  ];
  return {
    providerOfferId: `${idParts.join(':')}${spot ? ':spot' : ''}`,
    gpuName: item.socket ? `${item.gpuType} ${item.socket}` : item.gpuType,
    gpuCount: item.gpuCount,
    gpuVramGb: item.gpuMemory ?? null,
    vcpus: amountOf(item.vcpu),
    ramGb: amountOf(item.memory),
    // Disk is billed separately per GB-hour unless the item says the default size is included.
    storageGb: item.disk?.defaultIncludedInPrice ? amountOf(item.disk) : 0,
    region,
    country: item.country ? item.country.toUpperCase() : null,
    spot,
    availability: availabilityOf(item.stockStatus),
    pricePerHour,
  };
}

/**
 * Items of `GET /availability/gpus` pages → offers, one per item. Prime Intellect resells other
 * clouds: the id joins upstream `provider`, `cloudId`, `dataCenter`, `security` tier and GPU count
 * (`runpod:NVIDIA H100 80GB HBM3:CA-MTL-1:secure_cloud:1x`), plus `:spot` for spot items
 * (`isSpot`). Price: `prices.onDemand`, else `prices.communityPrice`, USD/h for the whole item;
 * items with neither are skipped. GPU name = `gpuType` + `socket` (`H100_80GB SXM5`). Stock:
 * Available/High/Medium → available, Low → limited, anything else → unavailable. vCPUs and RAM (GB)
 * are the item's default sizes; storage is 0 unless the default disk is included in the price.
 */
export function parsePrimeintellectItems(items: unknown[]): ProviderOffer[] {
  return items.flatMap((raw) => {
    const offer = offerOf(itemSchema.parse(raw));
    return offer ? [offer] : [];
  });
}

/** One page body `{items, totalCount}`; throws on any other shape. */
export function parsePrimeintellectPage(body: unknown): { items: unknown[]; totalCount: number } {
  return pageSchema.parse(body);
}

/** Pages from 1 until `totalCount` items are read or a page comes back empty. */
async function listAllItems(ctx: ProviderContext): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await ctx.http.request('GET', '/availability/gpus', {
      query: { page, page_size: PRIMEINTELLECT_PAGE_SIZE },
      headers: { authorization: `Bearer ${ctx.credential ?? ''}` },
    });
    const parsed = parsePrimeintellectPage(body);
    items.push(...parsed.items);
    if (parsed.items.length === 0 || items.length >= parsed.totalCount) break;
  }
  return items;
}

const RECORDED_BODY = 'primeintellect/availability.json';

/**
 * Prime Intellect compute API (an aggregator of GPU clouds). Auth: `Authorization: Bearer <API key>`.
 * Lists single-node GPU availability (`/availability/gpus`, paginated); multi-node clusters
 * (`/availability/multi-node`) are not listed.
 */
export const primeintellectAdapter: ProviderAdapter = {
  id: 'primeintellect',
  name: 'Prime Intellect',
  kind: 'live',
  defaultBaseUrl: 'https://api.primeintellect.ai/api/v1',
  docsUrl: 'https://docs.primeintellect.ai/api-reference/check-gpu-availability',
  supportsProvisioning: false,
  credential: 'required',
  async listOffers(ctx) {
    return parsePrimeintellectItems(await listAllItems(ctx));
  },
  async seedOffers() {
    const body = await readDatasetJson('provider-api', RECORDED_BODY);
    return {
      source:
        `assets/datasets/provider-api/${RECORDED_BODY} (GPU availability response; SDK test fixture ` +
        'PrimeIntellect-ai/prime@66fb4b704377:packages/prime/tests/data/availability_response.json, MIT)',
      offers: parsePrimeintellectItems(parsePrimeintellectPage(body).items),
    };
  },
};
