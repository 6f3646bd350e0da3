import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderContext, ProviderOffer } from '../../catalog.types.js';

const gpuSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  /** VRAM per GPU, GB. */
  memory: z.number().nullish(),
  secure: z.boolean().nullish(),
  community: z.boolean().nullish(),
  /** USD per GPU-hour per cloud tier. */
  price: z.object({ secure: z.number().nullish(), community: z.number().nullish() }).nullish(),
  availability: z.string().nullish(),
  dataCenters: z.array(z.object({ id: z.string(), availability: z.string().nullish() })).nullish(),
});
type RunpodGpu = z.infer<typeof gpuSchema>;

const catalogSchema = z.object({ gpus: z.array(gpuSchema) });

/** RunPod's two on-demand clouds: its own data centres (SECURE) and hosts of the community. */
export const RUNPOD_CLOUDS = ['SECURE', 'COMMUNITY'] as const;
export type RunpodCloud = (typeof RUNPOD_CLOUDS)[number];

/** Region of a GPU the catalog lists with no data centre at all (none has it now). */
export const RUNPOD_NO_DATACENTER_REGION = 'unknown';

// Data-centre ids are `<country>-<site>-<n>` (US-KS-2, CA-MTL-1) or `<area>-<country>-<n>` (EU-RO-1, EUR-IS-1).
const AREA_PREFIXES = new Set(['EU', 'EUR', 'AP', 'OC', 'SEA', 'AF', 'SA', 'ME']);

function countryOf(dataCenterId: string): string | null {
  const [first = '', second = ''] = dataCenterId.toUpperCase().split('-');
  const code = AREA_PREFIXES.has(first) ? second : first;
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

function availabilityOf(level: string | null | undefined): Availability {
  switch (level?.toUpperCase()) {
    case 'HIGH':
    case 'MEDIUM':
      return 'available';
    case 'LOW':
      return 'limited';
    default:
      return 'unavailable';
  }
}

function offersOf(gpu: RunpodGpu, cloud: RunpodCloud): ProviderOffer[] {
  const tier = cloud === 'SECURE' ? 'secure' : 'community';
  const price = gpu.price?.[tier];
  if (gpu[tier] === false || price == null || price <= 0) return [];
  const base = {
    gpuName: gpu.id,
    gpuCount: 1,
    gpuVramGb: gpu.memory ?? null,
    // The catalog does not say; RunPod sizes vCPU, RAM and disk per pod at deploy time.
    vcpus: 0,
    ramGb: 0,
    storageGb: 0,
    spot: false,
    pricePerHour: price,
  };
  const dataCenters = gpu.dataCenters ?? [];
  if (dataCenters.length === 0) {
    return [
      {
        ...base,
        providerOfferId: `${gpu.id}:${tier}`,
        region: RUNPOD_NO_DATACENTER_REGION,
        country: null,
        availability: availabilityOf(gpu.availability),
      },
    ];
  }
  return dataCenters.map((dc) => ({
    ...base,
    providerOfferId: `${gpu.id}:${dc.id}:${tier}`,
    region: dc.id,
    country: countryOf(dc.id),
    availability: availabilityOf(dc.availability),
  }));
}

/**
 * `GET /v2/catalog/gpus?include=AVAILABILITY&cloud=<cloud>` body → offers of that cloud tier: one
 * 1-GPU offer per GPU type × data centre listed (id `<gpu id>:<data centre>:secure|community`), at
 * `price.secure` / `price.community` (USD per GPU-hour). The availability in the body is the one of
 * the requested cloud: HIGH/MEDIUM → available, LOW → limited, other/absent → unavailable. A type
 * listed with no data centre yields one offer in region `unknown` with the type-level availability.
 * Types not sold in the tier (flag false or no price) yield nothing. GPU name = RunPod's GPU id
 * (`NVIDIA GeForce RTX 4090`); VRAM = `memory` GB; vCPU, RAM and disk are not in the catalog (0).
 */
export function parseRunpodCatalogGpus(body: unknown, cloud: RunpodCloud): ProviderOffer[] {
  return catalogSchema.parse(body).gpus.flatMap((gpu) => offersOf(gpu, cloud));
}

function fetchCatalog(ctx: ProviderContext, cloud: RunpodCloud): Promise<unknown> {
  return ctx.http.request('GET', '/v2/catalog/gpus', {
    query: { include: 'AVAILABILITY', product: 'POD', cloud },
    headers: { authorization: `Bearer ${ctx.credential ?? ''}` },
  });
}

const RECORDED_BODY = 'runpod/v2-catalog-gpus.json';

/**
 * RunPod REST API v2 (the API RunPod now points integrations to; GraphQL and REST v1 are being
 * retired). Auth: `Authorization: Bearer <API key>`. Two catalog requests, one per cloud tier, because
 * availability is computed for one tier at a time. Interruptible (spot) prices are not in the v2
 * catalog, so no spot offers are listed.
 */
export const runpodAdapter: ProviderAdapter = {
  id: 'runpod',
  name: 'RunPod',
  kind: 'live',
  defaultBaseUrl: 'https://api.runpod.io',
  docsUrl: 'https://docs.runpod.io/api-reference-v2/catalog/list-gpu-types',
  supportsProvisioning: false,
  async listOffers(ctx) {
    const offers: ProviderOffer[] = [];
    for (const cloud of RUNPOD_CLOUDS)
      offers.push(...parseRunpodCatalogGpus(await fetchCatalog(ctx, cloud), cloud));
    return offers;
  },
  async seedOffers() {
    const body = await readDatasetJson('provider-api', RECORDED_BODY);
    return {
      source:
        `assets/datasets/provider-api/${RECORDED_BODY} (GET /v2/catalog/gpus 200 example from the official ` +
        'OpenAPI document runpod/docs@a900806e253c:api-reference-v2/openapi.json), read once per cloud tier',
      offers: RUNPOD_CLOUDS.flatMap((cloud) => parseRunpodCatalogGpus(body, cloud)),
    };
  },
};
