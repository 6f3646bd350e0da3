import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderContext, ProviderOffer } from '../../catalog.types.js';
import { fetchRunpodGpuTypes, type RunpodGpuType } from './runpod.graphql.js';
import { runpodProvisioning } from './runpod.provisioning.js';

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

/**
 * Region of an offer tied to no data centre: a REST type listed with no data centre (none is now),
 * and every spot offer (GraphQL `lowestPrice` is the cheapest bid across all data centres).
 */
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

/** GraphQL `minimumBidPrice` > 0 → one 1-GPU spot offer `<gpu id>:spot` at that price, else none. */
function spotOfferOf(type: RunpodGpuType): ProviderOffer[] {
  const lowest = type.lowestPrice;
  const bid = lowest?.minimumBidPrice;
  if (bid == null || bid <= 0) return [];
  return [
    {
      providerOfferId: `${type.id}:spot`,
      gpuName: type.id,
      gpuCount: 1,
      gpuVramGb: type.memoryInGb ?? null,
      vcpus: lowest?.minVcpu ?? 0,
      ramGb: lowest?.minMemory ?? 0,
      storageGb: 0,
      region: RUNPOD_NO_DATACENTER_REGION,
      country: null,
      spot: true,
      availability: availabilityOf(lowest?.stockStatus),
      pricePerHour: bid,
    },
  ];
}

/**
 * The REST on-demand offers with vCPU / RAM of their GPU type's GraphQL `lowestPrice.minVcpu` /
 * `minMemory` (the least a 1-GPU pod gets) where given, then one spot offer per GPU type with a bid.
 */
function withGraphql(restOffers: ProviderOffer[], types: RunpodGpuType[]): ProviderOffer[] {
  const byId = new Map(types.map((t) => [t.id, t.lowestPrice]));
  const onDemand = restOffers.map((offer) => {
    const lowest = byId.get(offer.gpuName);
    return {
      ...offer,
      vcpus: lowest?.minVcpu ?? offer.vcpus,
      ramGb: lowest?.minMemory ?? offer.ramGb,
    };
  });
  return [...onDemand, ...types.flatMap(spotOfferOf)];
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
 * RunPod, on one host (`https://api.runpod.io`), auth `Authorization: Bearer <API key>` for both APIs:
 * - REST API v2 (the API RunPod now points integrations to): on-demand offers. Two catalog requests,
 *   one per cloud tier, because availability is computed for one tier at a time.
 * - Pod lifecycle (create / get / start / stop / terminate): REST v2 `/v2/pods`, see runpod.provisioning.ts.
 * - GraphQL (`POST /graphql`, being retired by RunPod): what v2 lacks. One `gpuTypes` query with
 *   `lowestPrice(input: {gpuCount: 1})` gives the spot offers (`<gpu id>:spot`, region `unknown`, at
 *   `minimumBidPrice`, availability from `stockStatus`) and the vCPU / RAM of the on-demand offers.
 *   GraphQL on-demand prices (`uninterruptablePrice`) are not used: v2 has them per data centre.
 * All three requests must succeed: a failing GraphQL call (HTTP error or GraphQL `errors`) fails the
 * whole listing even when REST answered, so a sync never writes a REST-only list (which would mark
 * every spot offer unavailable and reset vCPU / RAM to 0); the sync's retries and breaker take over.
 */
export const runpodAdapter: ProviderAdapter = {
  id: 'runpod',
  name: 'RunPod',
  kind: 'live',
  defaultBaseUrl: 'https://api.runpod.io',
  docsUrl: 'https://docs.runpod.io/api-reference-v2/catalog/list-gpu-types',
  supportsProvisioning: true,
  provisioning: runpodProvisioning,
  credential: 'required',
  async listOffers(ctx) {
    const offers: ProviderOffer[] = [];
    for (const cloud of RUNPOD_CLOUDS)
      offers.push(...parseRunpodCatalogGpus(await fetchCatalog(ctx, cloud), cloud));
    return withGraphql(offers, await fetchRunpodGpuTypes(ctx));
  },
  // REST body only: the recorded GraphQL bodies (docs examples) have no minimumBidPrice, minVcpu or
  // minMemory and none of their GPU types is in the REST body, so they would add nothing.
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
