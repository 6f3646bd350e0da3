import { z } from 'zod';
import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderHttp, ProviderOffer } from '../../catalog.types.js';

// `GET /instance/v1/zones/{zone}/products/servers` (https://www.scaleway.com/en/developers/api/instance/):
// `servers` maps the commercial type to its spec; `ram` and `gpu_info.gpu_memory` (per GPU) in bytes,
// `hourly_price` in EUR, `scratch_storage_max_size` (local scratch NVMe shipped with GPU types) in bytes.
const serverTypeSchema = z.object({
  ncpus: z.number(),
  ram: z.number(),
  gpu: z.number().nullish(),
  gpu_info: z.object({ gpu_name: z.string(), gpu_memory: z.number().nullish() }).nullish(),
  hourly_price: z.number(),
  scratch_storage_max_size: z.number().nullish(),
  end_of_service: z.boolean().nullish(),
});
const serverTypesPageSchema = z.object({
  servers: z.record(z.string(), serverTypeSchema),
  total_count: z.number().optional(),
});
// `GET …/products/servers/availability`: `servers` maps the commercial type to its stock level.
const availabilityPageSchema = z.object({
  servers: z.record(z.string(), z.object({ availability: z.string() })),
  total_count: z.number().optional(),
});

/** Default zones queried (https://www.scaleway.com/en/docs/account/reference-content/products-availability/). */
export const SCALEWAY_ZONES = [
  'fr-par-1',
  'fr-par-2',
  'fr-par-3',
  'nl-ams-1',
  'nl-ams-2',
  'nl-ams-3',
  'pl-waw-1',
  'pl-waw-2',
  'pl-waw-3',
] as const;

/**
 * USD per EUR for the SANDBOX twin's seed prices: the ECB euro reference rate of 28 Feb 2025
 * (1 EUR = 1.0411 USD, as quoted at eurodripusa.net/?p=3028), also the default of the parameter
 * `catalog.usd_per_eur` that a live listing converts with (`ctx.usdPerEur`).
 */
export const SCALEWAY_EUR_TO_USD = 1.0411;

const COUNTRY_BY_PREFIX: Record<string, string> = { fr: 'FR', nl: 'NL', pl: 'PL' };
const BYTES_PER_GIB = 1024 ** 3;

/** Stock level → availability: `available` → available, `scarce` → limited, `shortage` → unavailable. */
export function scalewayAvailability(level: string | undefined): Availability {
  if (level === 'available') return 'available';
  if (level === 'shortage') return 'unavailable';
  // `scarce`, or a type the availability answer does not mention (stock unknown).
  return 'limited';
}

/**
 * Server types of one zone → offers, one per GPU type (id `<type>:<zone>`); CPU types (`gpu` 0/absent)
 * are skipped. RAM and VRAM: bytes → GiB; storage: scratch bytes → GB (decimal, as Scaleway sizes disks);
 * price: EUR × `eurToUsd`, rounded to 1e-6. A type marked `end_of_service` is 'unavailable'.
 */
export function parseScalewayServerTypes(
  body: unknown,
  zone: string,
  stock: Record<string, string>,
  eurToUsd: number,
): ProviderOffer[] {
  const { servers } = serverTypesPageSchema.parse(body);
  const offers: ProviderOffer[] = [];
  for (const [type, spec] of Object.entries(servers)) {
    if (!spec.gpu || spec.gpu <= 0) continue;
    const vramBytes = spec.gpu_info?.gpu_memory;
    offers.push({
      providerOfferId: `${type}:${zone}`,
      gpuName: spec.gpu_info?.gpu_name ?? type,
      gpuCount: spec.gpu,
      gpuVramGb: vramBytes ? vramBytes / BYTES_PER_GIB : null,
      vcpus: spec.ncpus,
      ramGb: spec.ram / BYTES_PER_GIB,
      storageGb: (spec.scratch_storage_max_size ?? 0) / 1e9,
      region: zone,
      country: COUNTRY_BY_PREFIX[zone.slice(0, 2)] ?? null,
      spot: false,
      availability: spec.end_of_service ? 'unavailable' : scalewayAvailability(stock[type]),
      pricePerHour: Math.round(spec.hourly_price * eurToUsd * 1e6) / 1e6,
    });
  }
  return offers;
}

const PER_PAGE = 100;
const MAX_PAGES = 20;

/**
 * Reads every page of a `servers` map endpoint (`per_page`/`page`). Scaleway reports the total in the
 * `X-Total-Count` header and in `total_count`; the body's is used (the HTTP port returns bodies only),
 * and a short page also ends the loop.
 */
async function readAllPages(
  http: ProviderHttp,
  path: string,
  headers: Record<string, string>,
): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await http.request<{ servers?: unknown; total_count?: unknown }>('GET', path, {
      headers,
      query: { per_page: PER_PAGE, page },
    });
    const servers = body?.servers;
    if (!servers || typeof servers !== 'object')
      throw new Error(`scaleway: ${path} answered without servers`);
    const count = Object.keys(servers).length;
    Object.assign(merged, servers);
    const total = typeof body.total_count === 'number' ? body.total_count : null;
    if (count < PER_PAGE || (total !== null && Object.keys(merged).length >= total)) break;
  }
  return merged;
}

/** One zone's offers: server types and their availability, both fully paginated. */
async function listZone(http: ProviderHttp, zone: string, headers: Record<string, string>, eurToUsd: number) {
  const base = `/instance/v1/zones/${zone}/products/servers`;
  const [types, availability] = await Promise.all([
    readAllPages(http, base, headers),
    readAllPages(http, `${base}/availability`, headers),
  ]);
  const { servers: levels } = availabilityPageSchema.parse({ servers: availability });
  const stock = Object.fromEntries(Object.entries(levels).map(([type, v]) => [type, v.availability]));
  return parseScalewayServerTypes({ servers: types }, zone, stock, eurToUsd);
}

const priceListSchema = z.object({
  source: z.string(),
  retrieved_via: z.string(),
  offers: z.array(z.object({ zone: z.string(), commercial_type: z.string(), server: z.unknown() })),
});

/**
 * Scaleway Instances. Auth: `X-Auth-Token: <secret key>`. Per zone, `GET …/products/servers` and
 * `GET …/products/servers/availability`, each paginated with `per_page`/`page`. Prices are EUR and are
 * converted at `ctx.usdPerEur` (the parameter `catalog.usd_per_eur`); the seed at `SCALEWAY_EUR_TO_USD`.
 */
export function createScalewayAdapter(opts: { zones?: readonly string[] } = {}): ProviderAdapter {
  const zones = opts.zones ?? SCALEWAY_ZONES;
  return {
    id: 'scaleway',
    name: 'Scaleway',
    kind: 'live',
    defaultBaseUrl: 'https://api.scaleway.com',
    docsUrl: 'https://www.scaleway.com/en/developers/api/instance/',
    supportsProvisioning: false,
    credential: 'required',
    async listOffers(ctx) {
      const headers = { 'x-auth-token': ctx.credential ?? '' };
      const offers: ProviderOffer[] = [];
      // Zone after zone: each zone is two paginated reads, kept sequential to stay under rate limits.
      for (const zone of zones) offers.push(...(await listZone(ctx.http, zone, headers, ctx.usdPerEur)));
      return offers;
    },
    async seedOffers() {
      const list = priceListSchema.parse(await readDatasetJson('price-lists', 'scaleway.json'));
      // Captured catalog answers carry no stock level: every seeded offer is 'limited' (unknown stock).
      const offers = list.offers.flatMap((entry) =>
        parseScalewayServerTypes(
          { servers: { [entry.commercial_type]: entry.server } },
          entry.zone,
          {},
          SCALEWAY_EUR_TO_USD,
        ),
      );
      return {
        source: `assets/datasets/price-lists/scaleway.json (${list.source}; ${list.retrieved_via}; EUR × ${SCALEWAY_EUR_TO_USD})`,
        offers,
      };
    },
  };
}

/** The Scaleway adapter with the default zones and exchange rate. */
export const scalewayAdapter: ProviderAdapter = createScalewayAdapter();
