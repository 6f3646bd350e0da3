import { readDatasetJson } from '../../assets.js';
import type { Availability, ProviderAdapter, ProviderOffer } from '../../catalog.types.js';

/**
 * TensorDock marketplace (API v0): `GET /client/deploy/hostnodes`, public (no auth). The answer is
 * `{ hostnodes: { <hostnode id>: { location: { country, region, city, … }, specs } } }`; `specs`
 * prices each resource per hour (`gpu.<model>.price` per GPU, `cpu.price` per vCPU, `ram.price` per
 * GB, `storage.price` per GB) and says how much of each is free (`amount`).
 *
 * A host sells any shape, so this adapter lists a documented default shape per GPU model × GPU
 * count (see `tensordockDefaultShape`) and multiplies the unit prices out.
 */

interface Priced {
  amount: number;
  price: number;
}

interface TensordockSpecs {
  cpu: Priced;
  ram: Priced;
  storage: Priced;
  gpu: Record<string, Priced & { vram?: number }>;
}

interface TensordockHostnode {
  location?: { country?: string; region?: string; city?: string };
  specs: TensordockSpecs;
}

/** GPU counts listed per host and model. */
export const TENSORDOCK_GPU_COUNTS = [1, 2, 4, 8] as const;

/** Default shape for N GPUs: 4 vCPUs and 16 GB RAM per GPU, one 100 GB disk. */
export function tensordockDefaultShape(gpus: number): { vcpus: number; ramGb: number; storageGb: number } {
  return { vcpus: 4 * gpus, ramGb: 16 * gpus, storageGb: 100 };
}

// TensorDock names countries in full; the few it hosts in, to ISO alpha-2.
const COUNTRY_CODES: Record<string, string> = {
  'united states': 'US',
  canada: 'CA',
  'united kingdom': 'GB',
  germany: 'DE',
  netherlands: 'NL',
  france: 'FR',
  czechia: 'CZ',
  'czech republic': 'CZ',
  finland: 'FI',
  norway: 'NO',
  sweden: 'SE',
  japan: 'JP',
  singapore: 'SG',
};

/** Country name (or code) → ISO alpha-2, null when unknown. */
export function tensordockCountry(country: string | undefined): string | null {
  if (!country) return null;
  if (/^[A-Za-z]{2}$/.test(country)) return country.toUpperCase();
  return COUNTRY_CODES[country.trim().toLowerCase()] ?? null;
}

/**
 * Offers from a hostnodes answer: host × GPU model × count (1, 2, 4, 8) with the default shape.
 * Price (USD/h) = count × GPU price + vCPUs × cpu price + GB × ram price + GB × storage price.
 * Availability: the shape must fit the host's free amounts (else 'unavailable'); 'limited' when it
 * takes every free GPU of that model, else 'available'. Region = country-region-city slug.
 */
export function parseTensordockHostnodes(body: unknown): ProviderOffer[] {
  const hostnodes = (body as { hostnodes?: unknown } | null)?.hostnodes;
  if (!hostnodes || typeof hostnodes !== 'object')
    throw new Error('tensordock: answer has no hostnodes object');
  const offers: ProviderOffer[] = [];
  for (const [hostId, node] of Object.entries(hostnodes as Record<string, TensordockHostnode>)) {
    const { specs, location } = node;
    const region =
      [location?.country, location?.region, location?.city]
        .filter((s): s is string => !!s)
        .join('-')
        .toLowerCase()
        .replace(/\s+/g, '') || hostId;
    for (const [model, gpu] of Object.entries(specs.gpu ?? {})) {
      for (const count of TENSORDOCK_GPU_COUNTS) {
        const shape = tensordockDefaultShape(count);
        const total =
          count * gpu.price +
          shape.vcpus * specs.cpu.price +
          shape.ramGb * specs.ram.price +
          shape.storageGb * specs.storage.price;
        const fits =
          count <= gpu.amount &&
          shape.vcpus <= specs.cpu.amount &&
          shape.ramGb <= specs.ram.amount &&
          shape.storageGb <= specs.storage.amount;
        const availability: Availability = !fits
          ? 'unavailable'
          : count === gpu.amount
            ? 'limited'
            : 'available';
        offers.push({
          providerOfferId: `${hostId}:${model}:${count}x`,
          gpuName: model,
          gpuCount: count,
          gpuVramGb: gpu.vram ?? null,
          vcpus: shape.vcpus,
          ramGb: shape.ramGb,
          storageGb: shape.storageGb,
          region,
          country: tensordockCountry(location?.country),
          spot: false,
          availability,
          pricePerHour: Math.round(total * 1e6) / 1e6,
        });
      }
    }
  }
  return offers;
}

export const tensordockAdapter: ProviderAdapter = {
  id: 'tensordock',
  name: 'TensorDock',
  kind: 'live',
  defaultBaseUrl: 'https://marketplace.tensordock.com/api/v0',
  docsUrl: 'https://documenter.getpostman.com/view/20973002/2s8YzMYRDc',
  supportsProvisioning: false,
  credential: 'none',

  async listOffers({ http }) {
    // Public endpoint: no credential is sent.
    return parseTensordockHostnodes(await http.request('GET', '/client/deploy/hostnodes'));
  },

  async seedOffers() {
    const specs = await readDatasetJson('provider-api', 'tensordock', 'hostnode-specs.fragment.json');
    // Only one host's `specs` was recorded; it is placed in the endpoint's envelope under a
    // synthetic host id and no location (region falls back to the host id, country null).
    return {
      source:
        'assets/datasets/provider-api/tensordock/hostnode-specs.fragment.json ' +
        '(dstackai/gpuhunt@3f11826a5fec^ src/tests/providers/test_tensordock.py fixture specs, MPL-2.0; ' +
        'fragment wrapped into {hostnodes:{recorded-host:{specs}}})',
      offers: parseTensordockHostnodes({ hostnodes: { 'recorded-host': { specs } } }),
    };
  },
};
