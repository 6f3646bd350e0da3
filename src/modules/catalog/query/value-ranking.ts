import type { Availability, CatalogOffer } from '../catalog.types.js';
import type { Position } from './offer-sorts.js';
import {
  fitTopsis,
  scoreColumns,
  type TopsisAlternative,
  type TopsisModel,
  type TopsisWeights,
} from './topsis.js';

const AVAILABILITY_VALUE: Record<Availability, number> = { available: 1, limited: 0.5, unavailable: 0 };

/** An offer's TOPSIS criteria: USD/h, TFLOPS × GPUs, total VRAM GB (per-GPU × count), availability 1 / 0.5 / 0. */
export function alternativeOf(o: CatalogOffer): TopsisAlternative {
  return {
    price: o.priceMicros / 1e6,
    performance: o.performanceScore,
    vram: o.gpuVramGb * o.gpuCount,
    availability: AVAILABILITY_VALUE[o.availability],
  };
}

/** A candidate set scored by TOPSIS: `scores[i]` is the closeness of `offers[i]`. */
export interface ValueRanking {
  model: TopsisModel;
  offers: readonly CatalogOffer[];
  scores: Float64Array;
}

/**
 * Scores the candidates with a model fitted to them, or with `frozen` (a model carried by a cursor,
 * so an offer that did not change keeps its page-1 score even when the set around it changed).
 */
export function rankByValue(
  offers: readonly CatalogOffer[],
  weights: TopsisWeights,
  frozen: TopsisModel | null,
): ValueRanking {
  const n = offers.length;
  const price = new Float64Array(n);
  const performance = new Float64Array(n);
  const vram = new Float64Array(n);
  const availability = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = offers[i]!;
    price[i] = o.priceMicros / 1e6;
    performance[i] = o.performanceScore;
    vram[i] = o.gpuVramGb * o.gpuCount;
    availability[i] = AVAILABILITY_VALUE[o.availability];
  }
  const columns = [price, performance, vram, availability] as const;
  const model = frozen ?? fitTopsis(columns, n, weights);
  return { model, offers, scores: scoreColumns(model, columns, n) };
}

/** The value-sort position of a scored offer: closeness descending, then id. */
export function valuePosition(score: number, id: string): Position {
  return { k0: -score, k1: 0, id };
}

/**
 * The best `want` offers strictly after `after` in (closeness desc, id asc) order, best first:
 * one pass with a small sorted buffer, O(n log want), so no full sort is needed per page.
 */
export function topAfter(
  ranking: ValueRanking,
  after: Position | null,
  want: number,
): Array<{ offer: CatalogOffer; score: number }> {
  const { offers, scores } = ranking;
  const buffer: number[] = [];
  // true when candidate i comes before candidate j in the order
  const before = (i: number, j: number) =>
    scores[i]! > scores[j]! || (scores[i] === scores[j] && offers[i]!.id < offers[j]!.id);
  for (let i = 0; i < offers.length; i++) {
    if (after) {
      const k0 = -scores[i]!;
      if (k0 < after.k0) continue;
      if (k0 === after.k0 && (0 < after.k1 || (0 === after.k1 && offers[i]!.id <= after.id))) continue;
    }
    if (buffer.length === want && !before(i, buffer[want - 1]!)) continue;
    let lo = 0;
    let hi = buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(buffer[mid]!, i)) lo = mid + 1;
      else hi = mid;
    }
    buffer.splice(lo, 0, i);
    if (buffer.length > want) buffer.pop();
  }
  return buffer.map((i) => ({ offer: offers[i]!, score: scores[i]! }));
}

/** A tiny LRU (Map keeps insertion order; a hit is re-inserted at the end). */
export function createLru<V>(capacity: number) {
  const map = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key: string, value: V): void {
      map.delete(key);
      map.set(key, value);
      if (map.size > capacity) map.delete(map.keys().next().value!);
    },
    clear(): void {
      map.clear();
    },
    get size(): number {
      return map.size;
    },
  };
}
