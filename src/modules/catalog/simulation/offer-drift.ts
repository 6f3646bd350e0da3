import type { Availability, ProviderOffer } from '../catalog.types.js';

/** Prices and stock of the SANDBOX twin move once per bucket of this many ms (5 minutes). */
export const SIM_BUCKET_MS = 300_000;

/** How far the simulated market moves. */
export interface DriftShape {
  /** Largest price move either way, as a fraction of the seed price (0.03 = ±3 %). */
  priceDrift: number;
  /** Share of offers that are unavailable in any one bucket. */
  unavailableShare: number;
  /** Share of offers that are limited in any one bucket. */
  limitedShare: number;
}

export const DEFAULT_DRIFT: DriftShape = { priceDrift: 0.03, unavailableShare: 0.05, limitedShare: 0.1 };

const RANK: Record<Availability, number> = { available: 0, limited: 1, unavailable: 2 };

/**
 * The offer as the simulated provider lists it during `bucket`: the seed price moved by up to
 * ±`priceDrift` (never below half the seed price, rounded to 4 decimals) and, for a share of offers,
 * stock that dropped to limited or unavailable. Every draw is a hash of (provider, offer, bucket),
 * so the result is the same for every call, instance and restart within a bucket, changes from one
 * bucket to the next, and an offer that went away comes back in a later bucket. The simulation only
 * takes stock away: an offer the seed lists as unavailable stays so.
 */
export function driftOffer(
  provider: string,
  offer: ProviderOffer,
  bucket: number,
  shape: DriftShape,
): ProviderOffer {
  const move = (unitHash(provider, offer.providerOfferId, bucket, 'price') * 2 - 1) * shape.priceDrift;
  const floor = Math.ceil(offer.pricePerHour * 0.5 * 1e4 - 1e-6) / 1e4;
  const pricePerHour = Math.max(floor, Math.round(offer.pricePerHour * (1 + move) * 1e4) / 1e4);
  const stock = unitHash(provider, offer.providerOfferId, bucket, 'stock');
  const churned: Availability =
    stock < shape.unavailableShare
      ? 'unavailable'
      : stock < shape.unavailableShare + shape.limitedShare
        ? 'limited'
        : 'available';
  const availability = RANK[churned] > RANK[offer.availability] ? churned : offer.availability;
  return { ...offer, pricePerHour, availability };
}

/** A uniform number in [0, 1) from its parts: FNV-1a over the text, then murmur3's finaliser to spread the bits. */
export function unitHash(...parts: Array<string | number>): number {
  const text = parts.join('\u0000');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
