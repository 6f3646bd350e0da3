import type { Availability, CatalogOffer } from '../catalog.types.js';
import type { OfferIndex, OfferPageItem, OfferQuery } from './offer-index.js';

/** Seeded PRNG (mulberry32): the same seed gives the same sequence in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Per-GPU figures of common models (VRAM GB, FP16 dense TFLOPS, typical on-demand USD/h per GPU).
const GPUS = [
  { model: 'H100-80GB-SXM', vram: 80, tflops: 989, usd: 2.5 },
  { model: 'H100-80GB-PCIE', vram: 80, tflops: 756, usd: 2.1 },
  { model: 'A100-80GB-SXM', vram: 80, tflops: 312, usd: 1.6 },
  { model: 'A100-40GB-PCIE', vram: 40, tflops: 312, usd: 1.1 },
  { model: 'L40S', vram: 48, tflops: 362, usd: 0.95 },
  { model: 'A10', vram: 24, tflops: 125, usd: 0.6 },
  { model: 'RTX-4090', vram: 24, tflops: 165, usd: 0.4 },
  { model: 'RTX-3090', vram: 24, tflops: 71, usd: 0.22 },
  { model: 'T4', vram: 16, tflops: 65, usd: 0.35 },
  { model: 'V100-16GB', vram: 16, tflops: 125, usd: 0.5 },
] as const;
const PROVIDERS = ['aws', 'gcp', 'azure', 'lambda', 'runpod', 'vast', 'cudo', 'tensordock'] as const;
const REGIONS = [
  { region: 'us-east-1', country: 'US' },
  { region: 'us-west-2', country: 'US' },
  { region: 'eu-central-1', country: 'DE' },
  { region: 'CA-MTL-1', country: 'CA' },
  { region: 'norway_4_eu', country: 'NO' },
  { region: 'ap-northeast-1', country: 'JP' },
  { region: 'unknown-dc', country: null },
] as const;
const COUNTS = [1, 1, 1, 2, 4, 8] as const;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * `n` realistic, varied offers (10 GPU models, 8 providers, 7 regions, 1–8 GPUs, ~20 % spot,
 * mixed availability, prices with ±30 % jitter and ties) — for tests and throwaway timings only.
 * Ids are unique and unrelated to price order.
 */
export function createSyntheticCatalog(n: number, seed: number): CatalogOffer[] {
  const random = createRandom(seed);
  const offers: CatalogOffer[] = [];
  for (let i = 0; i < n; i++) {
    const gpu = pick(random, GPUS);
    const gpuCount = pick(random, COUNTS);
    const place = pick(random, REGIONS);
    const spot = random() < 0.2;
    const r = random();
    const availability: Availability = r < 0.6 ? 'available' : r < 0.85 ? 'limited' : 'unavailable';
    // Rounded to the cent so equal prices (ties) are common, as in real price lists.
    const usd = Math.round(gpu.usd * gpuCount * (0.7 + 0.6 * random()) * (spot ? 0.5 : 1) * 100) / 100;
    const vcpus = gpuCount * pick(random, [4, 8, 12, 16]);
    offers.push({
      id: `ofr_${Math.floor(random() * 36 ** 6)
        .toString(36)
        .padStart(6, '0')}${i.toString(36).padStart(4, '0')}`,
      provider: pick(random, PROVIDERS),
      providerOfferId: `${gpu.model.toLowerCase()}x${gpuCount}:${place.region}${spot ? ':spot' : ''}:${i}`,
      gpuModel: gpu.model,
      gpuMapped: true,
      gpuCount,
      gpuVramGb: gpu.vram,
      vcpus,
      ramGb: vcpus * 4,
      storageGb: pick(random, [0, 100, 500, 1000]),
      region: place.region,
      country: place.country,
      spot,
      availability,
      priceMicros: Math.round(usd * 1e6),
      performanceScore: gpu.tflops * gpuCount,
      updatedAtMs: 1_760_000_000_000 + i * 1000,
    });
  }
  return offers;
}

/** A hand-written offer with sensible defaults, for fixtures where each field matters. */
export function offer(fields: Partial<CatalogOffer> & { id: string }): CatalogOffer {
  return {
    provider: 'lambda',
    providerOfferId: fields.id,
    gpuModel: 'A100-80GB-SXM',
    gpuMapped: true,
    gpuCount: 1,
    gpuVramGb: 80,
    vcpus: 16,
    ramGb: 64,
    storageGb: 100,
    region: 'us-east-1',
    country: 'US',
    spot: false,
    availability: 'available',
    priceMicros: 1_000_000,
    performanceScore: 312,
    updatedAtMs: 1_760_000_000_000,
    ...fields,
  };
}

/** Follows `nextCursor` to the end; returns every item in order (fails after `maxPages`). */
export function pageAll(index: OfferIndex, q: OfferQuery, maxPages = 10_000): OfferPageItem[] {
  const items: OfferPageItem[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = index.query({ ...q, cursor });
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    cursor = page.nextCursor;
  }
  throw new Error(`more than ${maxPages} pages`);
}
