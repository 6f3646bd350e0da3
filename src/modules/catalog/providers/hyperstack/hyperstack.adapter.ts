import { z } from 'zod';
import type { ProviderAdapter, ProviderOffer } from '../../catalog.types.js';
import { seedFromPriceList } from '../price-list.js';

// `GET /core/flavors` (https://docs.hyperstack.cloud/docs/api-reference/core-resources/flavors): flavors
// grouped by GPU model × region; `ram`, `disk` and `ephemeral` in GB; `gpu` '' for CPU-only flavors.
const flavorSchema = z.object({
  name: z.string(),
  region_name: z.string(),
  cpu: z.number(),
  ram: z.number(),
  disk: z.number(),
  ephemeral: z.number().nullish(),
  gpu: z.string().nullish(),
  gpu_count: z.number(),
  stock_available: z.boolean().nullish(),
});
const flavorsSchema = z.object({
  data: z.array(
    z.object({ gpu: z.string().nullish(), region_name: z.string(), flavors: z.array(flavorSchema) }),
  ),
});

// `GET /pricebook` (https://docs.hyperstack.cloud/docs/api-reference/get-pricebook): a bare array; `name`
// is the GPU model as flavors spell it, `value` the USD price per GPU-hour this account pays (after any
// discount; `original_value` is the list price). Some clients read `value` as a string, so both are taken.
const pricebookSchema = z.array(
  z.object({ name: z.string(), value: z.union([z.number(), z.string()]).nullish() }).passthrough(),
);

// Hyperstack regions (https://docs.hyperstack.cloud/docs/hardware/regions).
const COUNTRY_BY_REGION: Record<string, string> = { 'NORWAY-1': 'NO', 'CANADA-1': 'CA', 'US-1': 'US' };

/** `A100-80G-PCIe` → 80; null when the GPU name carries no size (`RTX-A6000`). */
function vramGbOf(gpu: string): number | null {
  const match = /(\d+)G(?:B)?\b/i.exec(gpu);
  return match ? Number(match[1]) : null;
}

/** Pricebook entries → USD per GPU-hour by GPU name (entries without a positive numeric value are ignored). */
export function parseHyperstackPricebook(body: unknown): Map<string, number> {
  const prices = new Map<string, number>();
  for (const entry of pricebookSchema.parse(body)) {
    const value = Number(entry.value ?? Number.NaN);
    if (Number.isFinite(value) && value > 0) prices.set(entry.name, value);
  }
  return prices;
}

/**
 * Flavors × pricebook → offers: one per GPU flavor × region (id `<flavor>:<region>`), priced at the
 * pricebook's per-GPU-hour value × `gpu_count` (the GPU rate is what Hyperstack bills a GPU VM for; the
 * public IP and volumes it may attach are billed separately and not included). A flavor whose GPU has no
 * pricebook entry cannot be priced and is skipped. Availability: `stock_available` true → 'available',
 * false → 'unavailable'. Storage = root disk + ephemeral disk (GB). CPU-only flavors are skipped.
 */
export function parseHyperstackFlavors(flavorsBody: unknown, prices: Map<string, number>): ProviderOffer[] {
  const offers: ProviderOffer[] = [];
  for (const group of flavorsSchema.parse(flavorsBody).data) {
    for (const flavor of group.flavors) {
      const gpu = flavor.gpu || group.gpu;
      const perGpu = gpu ? prices.get(gpu) : undefined;
      if (!gpu || flavor.gpu_count <= 0 || perGpu === undefined) continue;
      offers.push({
        providerOfferId: `${flavor.name}:${flavor.region_name}`,
        gpuName: gpu,
        gpuCount: flavor.gpu_count,
        gpuVramGb: vramGbOf(gpu),
        vcpus: flavor.cpu,
        ramGb: flavor.ram,
        storageGb: flavor.disk + (flavor.ephemeral ?? 0),
        region: flavor.region_name,
        country: COUNTRY_BY_REGION[flavor.region_name] ?? null,
        spot: false,
        availability: flavor.stock_available === false ? 'unavailable' : 'available',
        pricePerHour: Math.round(perGpu * flavor.gpu_count * 1e6) / 1e6,
      });
    }
  }
  return offers;
}

/**
 * Hyperstack (NexGen Cloud Infrahub API). Auth: the `api_key` request header. Two unpaginated requests:
 * `GET /core/flavors` (every flavor in every region, with `stock_available`) and `GET /pricebook`.
 */
export const hyperstackAdapter: ProviderAdapter = {
  id: 'hyperstack',
  name: 'Hyperstack',
  kind: 'live',
  defaultBaseUrl: 'https://infrahub-api.nexgencloud.com/v1',
  docsUrl: 'https://docs.hyperstack.cloud/docs/api-reference/list-flavors',
  supportsProvisioning: false,
  credential: 'required',
  async listOffers(ctx) {
    const headers = { api_key: ctx.credential ?? '' };
    const [flavors, pricebook] = await Promise.all([
      ctx.http.request('GET', '/core/flavors', { headers }),
      ctx.http.request('GET', '/pricebook', { headers }),
    ]);
    return parseHyperstackFlavors(flavors, parseHyperstackPricebook(pricebook));
  },
  seedOffers: () => seedFromPriceList('hyperstack'),
};
