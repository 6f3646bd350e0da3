import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderOffer } from '../../catalog.types.js';
import { vastProvisioning } from './vast.provisioning.js';

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
  /** USD/hour for the whole offer, storage included (on-demand pricing). */
  dph_total: z.number(),
  /** USD/hour for the GPU part of the offer alone (on-demand); `dph_total − dph_base` is storage etc. */
  dph_base: z.number().nullish(),
  /** Lowest bid accepted right now for interruptible use, USD/hour for the GPU part of the offer. */
  min_bid: z.number().nullish(),
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

/**
 * The search this adapter sends: verified hosts, rentable and not rented, at least one GPU. `type` selects
 * the *pricing* the answer is quoted in (`on-demand` | `bid` | `reserved`), not a separate set of machines;
 * every bundle carries `min_bid` whatever the type, so one on-demand search yields both price lists and no
 * second `type: 'bid'` request is sent. `rentable`/`rented` keep machines free of on-demand renters; a
 * machine rented on-demand could not run a new bid either (on-demand outranks every bid).
 */
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

const round6 = (usd: number) => Math.round(usd * 1e6) / 1e6;

/**
 * Interruptible all-in USD/h: `min_bid + (dph_total − dph_base)`, rounded to 1e-6. A bid buys the GPU
 * part only (it replaces `dph_base`); storage (and the other per-hour extras folded into `dph_total`) is
 * billed on top whatever the rental type (Vast bills storage for as long as the instance exists, even
 * while it is stopped or, once outbid, paused). Without `dph_base` the extras are unknown and taken
 * as 0 (the bid alone).
 */
export function vastSpotPricePerHour(o: Pick<VastOffer, 'min_bid' | 'dph_base' | 'dph_total'>): number {
  const extras = o.dph_base != null ? Math.max(0, o.dph_total - o.dph_base) : 0;
  return round6((o.min_bid ?? 0) + extras);
}

/**
 * `POST /bundles/` body → offers: one on-demand offer per Vast offer (id = the offer id, which is what
 * one rents), plus an interruptible twin (`<id>:spot`, `spot: true`, same hardware/region/availability)
 * when `min_bid` > 0, priced by {@link vastSpotPricePerHour}.
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
    .flatMap((o) => {
      const onDemand: ProviderOffer = {
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
      };
      if (!((o.min_bid ?? 0) > 0)) return [onDemand];
      const spot: ProviderOffer = {
        ...onDemand,
        providerOfferId: `${o.id}:spot`,
        spot: true,
        pricePerHour: vastSpotPricePerHour(o),
      };
      return [onDemand, spot];
    });
}

const RECORDED_BODY = 'vast/bundles.json';

/**
 * Vast.ai marketplace (API v0). Auth: `Authorization: Bearer <API key>`. One search request
 * ({@link VAST_SEARCH_BODY}) listing each GPU offer on-demand and, where the host accepts bids
 * (`min_bid` > 0), interruptible at the lowest accepted bid plus the offer's storage/extras.
 * Pods: {@link vastProvisioning} rents an offer (`<ask id>` on-demand, `<ask id>:spot` as a bid).
 */
export const vastAdapter: ProviderAdapter = {
  id: 'vast',
  name: 'Vast.ai',
  kind: 'live',
  defaultBaseUrl: 'https://console.vast.ai/api/v0',
  docsUrl: 'https://docs.vast.ai/api-reference/search/search-offers',
  supportsProvisioning: true,
  provisioning: vastProvisioning,
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
