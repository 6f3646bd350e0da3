import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { ProviderAdapter, ProviderOffer } from '../../catalog.types.js';
import { lambdaProvisioning } from './lambda.provisioning.js';

const instanceTypesSchema = z.object({
  data: z.record(
    z.string(),
    z.object({
      instance_type: z.object({
        name: z.string(),
        description: z.string(),
        gpu_description: z.string().optional(),
        price_cents_per_hour: z.number(),
        specs: z.object({
          vcpus: z.number(),
          memory_gib: z.number(),
          storage_gib: z.number(),
          gpus: z.number(),
        }),
      }),
      regions_with_capacity_available: z.array(
        z.object({ name: z.string(), description: z.string().optional() }),
      ),
    }),
  ),
});

/** Region used for an instance type Lambda lists with no capacity anywhere (it names no region then). */
export const LAMBDA_SOLD_OUT_REGION = 'unknown';

/** Lambda region names are `<area>-<direction>-<n>`; the area tells the country. */
const COUNTRY_BY_REGION: Record<string, string> = {
  'asia-northeast-1': 'JP',
  'asia-northeast-2': 'KR',
  'asia-south-1': 'IN',
  'australia-east-1': 'AU',
  'europe-central-1': 'DE',
  'me-west-1': 'IL',
};

function countryOf(region: string): string | null {
  if (region.startsWith('us-')) return 'US';
  return COUNTRY_BY_REGION[region] ?? null;
}

/** `H100 (80 GB SXM5)` → 80; null when the description carries no size. */
function vramGbOf(gpuDescription: string): number | null {
  const match = /\((\d+(?:\.\d+)?)\s*GB/i.exec(gpuDescription);
  return match ? Number(match[1]) : null;
}

/**
 * `GET /instance-types` body → offers. One available offer per instance type × region listed in
 * `regions_with_capacity_available`. A type with no capacity anywhere still yields ONE offer, marked
 * `unavailable`, in region `unknown` (id = the type name), so its price stays visible; Lambda does not
 * say where a sold-out type would run. Price: integer US cents per hour → USD. RAM and disk are GiB as
 * reported. GPU name = `gpu_description` (`H100 (80 GB SXM5)`); CPU-only types (`gpus` 0) are skipped.
 */
export function parseLambdaInstanceTypes(body: unknown): ProviderOffer[] {
  const { data } = instanceTypesSchema.parse(body);
  const offers: ProviderOffer[] = [];
  for (const entry of Object.values(data)) {
    const type = entry.instance_type;
    if (type.specs.gpus <= 0) continue;
    const gpuName = type.gpu_description?.trim() || type.description;
    const base = {
      gpuName,
      gpuCount: type.specs.gpus,
      gpuVramGb: vramGbOf(gpuName),
      vcpus: type.specs.vcpus,
      ramGb: type.specs.memory_gib,
      storageGb: type.specs.storage_gib,
      spot: false,
      pricePerHour: type.price_cents_per_hour / 100,
    };
    const regions = entry.regions_with_capacity_available;
    if (regions.length === 0) {
      offers.push({
        ...base,
        providerOfferId: type.name,
        region: LAMBDA_SOLD_OUT_REGION,
        country: null,
        availability: 'unavailable',
      });
      continue;
    }
    for (const region of regions) {
      offers.push({
        ...base,
        providerOfferId: `${type.name}:${region.name}`,
        region: region.name,
        country: countryOf(region.name),
        availability: 'available',
      });
    }
  }
  return offers;
}

const RECORDED_BODY = 'lambda/instance-types.json';

/**
 * Lambda Cloud API v1. Auth: `Authorization: Bearer <API key>`. One request lists every instance type
 * with its price and the regions that have capacity now (no pagination).
 */
export const lambdaAdapter: ProviderAdapter = {
  id: 'lambda',
  name: 'Lambda Cloud',
  kind: 'live',
  defaultBaseUrl: 'https://cloud.lambdalabs.com/api/v1',
  docsUrl: 'https://docs-api.lambda.ai/api/cloud',
  supportsProvisioning: true,
  provisioning: lambdaProvisioning,
  credential: 'required',
  async listOffers(ctx) {
    const body = await ctx.http.request('GET', '/instance-types', {
      headers: { authorization: `Bearer ${ctx.credential ?? ''}` },
    });
    return parseLambdaInstanceTypes(body);
  },
  async seedOffers() {
    const body = await readDatasetJson('provider-api', RECORDED_BODY);
    return {
      source:
        `assets/datasets/provider-api/${RECORDED_BODY} (GET /instance-types response; SDK test fixture ` +
        'alexandervaneck/lambda-ai-cloud-api-client@b7035f7b282c:tests/data/m_instance_types_response.json, MIT)',
      offers: parseLambdaInstanceTypes(body),
    };
  },
};
