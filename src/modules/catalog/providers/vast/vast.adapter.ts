import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderOffer } from '../../catalog.types.js';

const offerSchema = z.object({
  id: z.number(),
  gpu_name: z.string(),
  num_gpus: z.number(),
  /** Per GPU, MB (MiB). */
  gpu_ram: z.number().nullish(),
  /** Host CPU cores; `cpu_cores_effective` is the share that comes with this offer. */
  cpu_cores: z.number().nullish(),
  cpu_cores_effective: z.number().nullish(),
  /** MB (MiB). */
  cpu_ram: z.number().nullish(),
  /** GB. */
  disk_space: z.number().nullish(),
  /** USD/hour for the whole offer, storage included. */
  dph_total: z.number(),
  geolocation: z.string().nullish(),
  reliability: z.number().nullish(),
  rentable: z.boolean().nullish(),
  rented: z.boolean().nullish(),
  resource_type: z.string().nullish(),
});
type VastOffer = z.infer<typeof offerSchema>;

// The documented example holds ONE offer object under `offers`; the live API answers an array.
const bundlesSchema = z.object({ offers: z.union([z.array(offerSchema), offerSchema]) });

/** Below this host reliability (0–1) an offer is shown as `limited`. */
export const VAST_RELIABLE_MIN = 0.9;

/** The search this adapter sends: on-demand, verified hosts, rentable and not rented, at least one GPU. */
export const VAST_SEARCH_BODY = {
  type: 'on-demand',
  verified: { eq: true },
  rentable: { eq: true },
  rented: { eq: false },
  num_gpus: { gte: 1 },
  limit: 1000,
} as const;

const MB_PER_GB = 1024;

function availabilityOf(offer: VastOffer): Availability {
  if (offer.rentable === false || offer.rented === true) return 'unavailable';
  return (offer.reliability ?? 0) >= VAST_RELIABLE_MIN ? 'available' : 'limited';
}

/** `"Oregon, US"` → `US`; null when the last part is not a two-letter code. */
function countryOf(geolocation: string | null | undefined): string | null {
  const last = geolocation?.split(',').pop()?.trim() ?? '';
  return /^[A-Za-z]{2}$/.test(last) ? last.toUpperCase() : null;
}

/**
 * `POST /bundles/` body → offers, one per Vast offer (id = the offer id, which is what one rents).
 * Units: `dph_total` is USD/h for the whole offer; `gpu_ram` is MB per GPU and `cpu_ram` MB (→ GB,
 * /1024); `disk_space` GB. Region = `geolocation` as given (`Oregon, US`), country its trailing code.
 * Availability: not rentable or already rented → unavailable; host `reliability` ≥ 0.9 → available,
 * else limited. Offers without a GPU (`num_gpus` 0 or `resource_type` other than gpu) are skipped.
 */
export function parseVastBundles(body: unknown): ProviderOffer[] {
  const parsed = bundlesSchema.parse(body).offers;
  const offers = Array.isArray(parsed) ? parsed : [parsed];
  return offers
    .filter((o) => o.num_gpus >= 1 && (o.resource_type ?? 'gpu') === 'gpu')
    .map((o) => ({
      providerOfferId: String(o.id),
      gpuName: o.gpu_name,
      gpuCount: o.num_gpus,
      gpuVramGb: o.gpu_ram != null ? o.gpu_ram / MB_PER_GB : null,
      vcpus: o.cpu_cores_effective ?? o.cpu_cores ?? 0,
      ramGb: (o.cpu_ram ?? 0) / MB_PER_GB,
      storageGb: o.disk_space ?? 0,
      region: o.geolocation ?? 'unknown',
      country: countryOf(o.geolocation),
      spot: false,
      availability: availabilityOf(o),
      pricePerHour: o.dph_total,
    }));
}

const RECORDED_BODY = 'vast/bundles.json';

/**
 * Vast.ai marketplace (API v0). Auth: `Authorization: Bearer <API key>`. One search request for
 * on-demand GPU offers (interruptible bid pricing is not listed yet).
 */
export const vastAdapter: ProviderAdapter = {
  id: 'vast',
  name: 'Vast.ai',
  kind: 'live',
  defaultBaseUrl: 'https://console.vast.ai/api/v0',
  docsUrl: 'https://docs.vast.ai/api-reference/search/search-offers',
  supportsProvisioning: false,
  credential: 'required',
  async listOffers(ctx) {
    const body = await ctx.http.request('POST', '/bundles/', {
      headers: { authorization: `Bearer ${ctx.credential ?? ''}` },
      body: VAST_SEARCH_BODY,
    });
    return parseVastBundles(body);
  },
  async seedOffers() {
    const body = await readDatasetJson('provider-api', RECORDED_BODY);
    return {
      source:
        `assets/datasets/provider-api/${RECORDED_BODY} (POST /api/v0/bundles/ 200 example from the official ` +
        'OpenAPI document vast-ai/docs@c62462262249:api-reference/openapi.yaml; deliberately fictitious values)',
      offers: parseVastBundles(body),
    };
  },
};
