import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderOffer } from '../../catalog.types.js';

/**
 * Verda (formerly DataCrunch) public API v1.
 *
 * Auth: OAuth2 client credentials. The credential parameter holds `client_id:client_secret`; the
 * adapter trades it for an access token (`POST /oauth2/token`, JSON body with `grant_type`,
 * `client_id`, `client_secret`, as the official SDK sends it) and calls the catalogue endpoints with
 * `Authorization: Bearer <access_token>`.
 *
 * Offers: one per GPU instance type × location × tier (on-demand, and spot when the type has a spot
 * price). Prices are USD/h decimal strings for the whole instance. Availability per location comes
 * from `GET /instance-availability?is_spot=<bool>` (lists of instance-type codes deployable now):
 * listed → 'available', not listed → 'unavailable' (Verda gives no partial-capacity signal).
 */

interface VerdaInstanceType {
  instance_type: string;
  name: string;
  price_per_hour: string;
  spot_price: string | null;
  cpu: { number_of_cores: number };
  gpu: { number_of_gpus: number };
  gpu_memory: { size_in_gigabytes: number };
  memory: { size_in_gigabytes: number };
  storage?: { size_in_gigabytes?: number };
}

interface VerdaLocation {
  code: string;
  country_code?: string | null;
}

interface VerdaAvailability {
  location_code: string;
  availabilities: string[];
}

/** Everything the offer list is built from (the bodies of the four catalogue calls). */
export interface VerdaBodies {
  instanceTypes: unknown;
  locations: unknown;
  /** Body of `GET /instance-availability?is_spot=false`. */
  onDemandAvailability: unknown;
  /** Body of `GET /instance-availability?is_spot=true`. */
  spotAvailability: unknown;
}

/** Splits the `client_id:client_secret` credential (the secret may itself hold colons). */
export function parseVerdaCredential(credential: string | null): { clientId: string; clientSecret: string } {
  const at = credential?.indexOf(':') ?? -1;
  if (!credential || at <= 0 || at === credential.length - 1) {
    throw new Error('verda: credential must be "client_id:client_secret"');
  }
  return { clientId: credential.slice(0, at), clientSecret: credential.slice(at + 1) };
}

/** The access token from a `POST /oauth2/token` answer. */
export function parseVerdaToken(body: unknown): string {
  const token = (body as { access_token?: unknown } | null)?.access_token;
  if (typeof token !== 'string' || token === '') throw new Error('verda: token answer has no access_token');
  return token;
}

/**
 * Builds the offers: every GPU instance type (CPU-only types skipped) in every location, on-demand
 * and spot; `gpuVramGb` is the type's total GPU memory divided by its GPU count; storage is the
 * included disk when the type states a size ("dynamic" block storage → 0).
 */
export function parseVerdaOffers(bodies: VerdaBodies): ProviderOffer[] {
  const types = asArray<VerdaInstanceType>(bodies.instanceTypes, 'instance-types');
  const locations = asArray<VerdaLocation>(bodies.locations, 'locations');
  const onDemand = availabilityIndex(bodies.onDemandAvailability);
  const spot = availabilityIndex(bodies.spotAvailability);
  const offers: ProviderOffer[] = [];
  for (const t of types) {
    const gpuCount = t.gpu?.number_of_gpus ?? 0;
    if (gpuCount < 1) continue;
    const tiers: Array<{ spot: boolean; price: string | null; index: Map<string, Set<string>> }> = [
      { spot: false, price: t.price_per_hour, index: onDemand },
      { spot: true, price: t.spot_price, index: spot },
    ];
    for (const loc of locations) {
      for (const tier of tiers) {
        if (tier.price === null || tier.price === undefined) continue;
        const available = tier.index.get(loc.code)?.has(t.instance_type) ?? false;
        offers.push({
          providerOfferId: `${t.instance_type}:${loc.code}${tier.spot ? ':spot' : ''}`,
          gpuName: t.name,
          gpuCount,
          gpuVramGb: t.gpu_memory.size_in_gigabytes > 0 ? t.gpu_memory.size_in_gigabytes / gpuCount : null,
          vcpus: t.cpu.number_of_cores,
          ramGb: t.memory.size_in_gigabytes,
          storageGb: t.storage?.size_in_gigabytes ?? 0,
          region: loc.code,
          country: loc.country_code ? loc.country_code.toUpperCase() : null,
          spot: tier.spot,
          availability: (available ? 'available' : 'unavailable') satisfies Availability,
          pricePerHour: decimal(tier.price, `${t.instance_type} price`),
        });
      }
    }
  }
  return offers;
}

function availabilityIndex(body: unknown): Map<string, Set<string>> {
  const list = asArray<VerdaAvailability>(body, 'instance-availability');
  return new Map(list.map((l) => [l.location_code, new Set(l.availabilities)]));
}

function asArray<T>(body: unknown, what: string): T[] {
  if (!Array.isArray(body)) throw new Error(`verda: ${what} answer is not an array`);
  return body as T[];
}

function decimal(value: string, what: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new Error(`verda: ${what} "${value}" is not a number`);
  return n;
}

export const verdaAdapter: ProviderAdapter = {
  id: 'verda',
  name: 'Verda (ex-DataCrunch)',
  kind: 'live',
  defaultBaseUrl: 'https://api.verda.com/v1',
  docsUrl: 'https://api.verda.com/v1/docs',
  supportsProvisioning: false,
  credential: 'required',

  async listOffers({ http, credential }) {
    const { clientId, clientSecret } = parseVerdaCredential(credential);
    const tokenBody = await http.request('POST', '/oauth2/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
    });
    const headers = { authorization: `Bearer ${parseVerdaToken(tokenBody)}` };
    const [instanceTypes, locations, onDemandAvailability, spotAvailability] = await Promise.all([
      http.request('GET', '/instance-types', { headers }),
      http.request('GET', '/locations', { headers }),
      http.request('GET', '/instance-availability', { headers, query: { is_spot: false } }),
      http.request('GET', '/instance-availability', { headers, query: { is_spot: true } }),
    ]);
    return parseVerdaOffers({ instanceTypes, locations, onDemandAvailability, spotAvailability });
  },

  async seedOffers() {
    const [instanceTypes, locations, spotAvailability] = await Promise.all([
      readDatasetJson('provider-api', 'verda', 'instance-types.json'),
      readDatasetJson('provider-api', 'verda', 'locations.json'),
      readDatasetJson('provider-api', 'verda', 'instance-availability-spot.json'),
    ]);
    // Only the spot availability list was recorded; the sandbox uses it for on-demand too (spot runs
    // on idle on-demand capacity, so a type deployable as spot is deployable on demand).
    return {
      source:
        'assets/datasets/provider-api/verda/{instance-types,locations,instance-availability-spot}.json ' +
        '(dstackai/gpuhunt@35841515de37 src/tests/providers/test_verda.py fixtures, MPL-2.0)',
      offers: parseVerdaOffers({
        instanceTypes,
        locations,
        onDemandAvailability: spotAvailability,
        spotAvailability,
      }),
    };
  },
};
