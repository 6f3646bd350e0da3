import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { ProviderAdapter, ProviderOffer } from '../../catalog.types.js';
import { OCI_GPU_SHAPES } from './oci-shapes.js';

// Oracle's public price list (`GET /products/?currencyCode=USD`, documented at
// https://docs.oracle.com/en-us/iaas/Content/Billing/Tasks/signingup_topic-Estimating_Costs.htm): one
// answer with every part; GPU parts carry `metricName` 'GPU Per Hour' and a USD PAY_AS_YOU_GO price per
// GPU-hour in `currencyCodeLocalizations[].prices[]`.
const itemSchema = z.object({
  partNumber: z.string(),
  displayName: z.string(),
  metricName: z.string().nullish(),
  serviceCategory: z.string().nullish(),
  currencyCodeLocalizations: z
    .array(
      z.object({
        currencyCode: z.string(),
        prices: z.array(z.object({ model: z.string(), value: z.number().nullish() })),
      }),
    )
    .nullish(),
});
const priceListSchema = z.object({ lastUpdated: z.string().optional(), items: z.array(itemSchema) });

const GPU_METRIC = 'GPU Per Hour';
// Parts billed per GPU-hour that are not rentals: NVIDIA AI Enterprise software licences share the metric.
const NOT_A_RENTAL = /AI Enterprise|licen[cs]e/i;

/** `Compute  - GPU - A100 - v2` → `A100 - v2` (the GPU as the price list names it). */
export function ociGpuName(displayName: string): string {
  return (displayName.split(/GPU\s*-\s*/).pop() ?? displayName).trim().replace(/\s+/g, ' ');
}

function usdPayAsYouGo(item: z.infer<typeof itemSchema>): number | null {
  const usd = item.currencyCodeLocalizations?.find((l) => l.currencyCode === 'USD');
  const value = usd?.prices.find((p) => p.model === 'PAY_AS_YOU_GO')?.value;
  return typeof value === 'number' && value > 0 ? value : null;
}

/**
 * Price list → offers. Kept: parts with metric 'GPU Per Hour', a USD pay-as-you-go price > 0, a
 * `serviceCategory` (when present) under 'Compute - GPU', and not a software licence. A GPU with
 * documented shapes (`OCI_GPU_SHAPES`) yields one offer per shape (id = shape, price = per-GPU price ×
 * the shape's GPUs); any other GPU part yields one per-GPU offer (id = part number, 1 GPU, vCPUs/RAM 0 =
 * not documented). Prices are the same in every region: region 'global', country null. The price list
 * says nothing about capacity, so every offer is 'available' (orderable at list price).
 */
export function parseOciPriceList(body: unknown): ProviderOffer[] {
  const offers: ProviderOffer[] = [];
  for (const item of priceListSchema.parse(body).items) {
    if (item.metricName !== GPU_METRIC || NOT_A_RENTAL.test(item.displayName)) continue;
    if (item.serviceCategory && !item.serviceCategory.startsWith('Compute - GPU')) continue;
    const perGpu = usdPayAsYouGo(item);
    if (perGpu === null) continue;
    const gpuName = ociGpuName(item.displayName);
    const common = { gpuName, storageGb: 0, region: 'global', country: null, spot: false } as const;
    const shapes = OCI_GPU_SHAPES[gpuName.toUpperCase()];
    if (!shapes) {
      offers.push({
        ...common,
        providerOfferId: item.partNumber,
        gpuCount: 1,
        gpuVramGb: null,
        vcpus: 0,
        ramGb: 0,
        availability: 'available',
        pricePerHour: perGpu,
      });
      continue;
    }
    for (const shape of shapes) {
      offers.push({
        ...common,
        providerOfferId: shape.shape,
        gpuCount: shape.gpus,
        gpuVramGb: shape.gpuVramGb,
        vcpus: shape.vcpus,
        ramGb: shape.ramGb,
        availability: 'available',
        pricePerHour: Math.round(perGpu * shape.gpus * 1e6) / 1e6,
      });
    }
  }
  return offers;
}

const seedSchema = z.object({ source: z.string(), retrieved_via: z.string(), body: z.unknown() });

/**
 * Oracle Cloud Infrastructure through its public price list — chosen over the Compute API because
 * listing shapes there needs a signed (RSA key) tenancy request and returns no prices, while the price
 * list needs no credential and prices every GPU part. One unpaginated GET; the credential is not sent.
 */
export const ociAdapter: ProviderAdapter = {
  id: 'oci',
  name: 'Oracle Cloud Infrastructure',
  kind: 'live',
  defaultBaseUrl: 'https://apexapps.oracle.com/pls/apex/cetools/api/v1',
  docsUrl: 'https://docs.oracle.com/en-us/iaas/Content/Billing/Tasks/signingup_topic-Estimating_Costs.htm',
  supportsProvisioning: false,
  credential: 'none',
  async listOffers(ctx) {
    const body = await ctx.http.request('GET', '/products/', { query: { currencyCode: 'USD' } });
    return parseOciPriceList(body);
  },
  async seedOffers() {
    const list = seedSchema.parse(await readDatasetJson('price-lists', 'oci.json'));
    return {
      source: `assets/datasets/price-lists/oci.json (${list.source}; ${list.retrieved_via})`,
      offers: parseOciPriceList(list.body),
    };
  },
};
