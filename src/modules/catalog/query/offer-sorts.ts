import type { Availability, CatalogOffer } from '../catalog.types.js';

/** The `sort` values of `GET /offers`. */
export const OFFER_SORTS = ['price', '-price', 'performance', 'availability', 'value'] as const;
export type OfferSort = (typeof OFFER_SORTS)[number];
/** Sorts whose order depends on the offer alone (not on the rest of the result set). */
export type KeysetSort = Exclude<OfferSort, 'value'>;
export const KEYSET_SORTS: readonly KeysetSort[] = ['price', '-price', 'performance', 'availability'];

/**
 * A position in a sort order: two numeric keys compared ascending (descending sorts store negated
 * values), then the offer id ascending by UTF-16 code units, so the order is total.
 */
export interface Position {
  k0: number;
  k1: number;
  id: string;
}

export interface SortEntry extends Position {
  offer: CatalogOffer;
}

const AVAILABILITY_RANK: Record<Availability, number> = { available: 0, limited: 1, unavailable: 2 };

/** The position of an offer in a keyset sort. */
export function positionOf(sort: KeysetSort, o: CatalogOffer): Position {
  switch (sort) {
    case 'price':
      return { k0: o.priceMicros, k1: 0, id: o.id };
    case '-price':
      return { k0: -o.priceMicros, k1: 0, id: o.id };
    case 'performance':
      return { k0: -o.performanceScore, k1: 0, id: o.id };
    case 'availability':
      return { k0: AVAILABILITY_RANK[o.availability], k1: o.priceMicros, id: o.id };
  }
}

/** Total order over positions: negative when `a` comes first. */
export function comparePositions(a: Position, b: Position): number {
  if (a.k0 !== b.k0) return a.k0 < b.k0 ? -1 : 1;
  if (a.k1 !== b.k1) return a.k1 < b.k1 ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/** One keyset sort of the whole index, plus the same order split per GPU model. */
export interface SortedView {
  all: SortEntry[];
  byModel: Map<string, SortEntry[]>;
}

/** Offers in id order (UTF-16 code units), by a native string sort: the shared tie-break of every view. */
export function sortById(byId: ReadonlyMap<string, CatalogOffer>): CatalogOffer[] {
  return [...byId.keys()].sort().map((id) => byId.get(id)!);
}

/** Dense ranks of `values` (equal values share a rank) and the number of distinct values. */
function denseRanks(values: Float64Array): { ranks: Float64Array; distinct: number } {
  const sorted = Float64Array.from(values).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
  }
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
  }
  return { ranks, distinct };
}

/**
 * Sorts every offer for `sort` once; the per-model lists are stable partitions of it. `idOrdered`
 * comes from `sortById`, so an offer's index there is its id rank and the whole order packs into
 * one float per offer — (rank of k0, rank of k1, id rank) — sorted natively, with no comparator
 * and no string comparison (several times faster than `Array#sort` with `comparePositions`).
 */
export function buildSortedView(idOrdered: readonly CatalogOffer[], sort: KeysetSort): SortedView {
  const n = idOrdered.length;
  const k0 = new Float64Array(n);
  const k1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = positionOf(sort, idOrdered[i]!);
    k0[i] = p.k0;
    k1[i] = p.k1;
  }
  const r0 = denseRanks(k0);
  const r1 = denseRanks(k1);
  // Exact while (distinct k0) × (distinct k1) × n < 2^53: at most 3n² here, so n up to ~50 million.
  if (r0.distinct * r1.distinct * n >= Number.MAX_SAFE_INTEGER)
    throw new RangeError(`too many offers (${n})`);
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = (r0.ranks[i]! * r1.distinct + r1.ranks[i]!) * n + i;
  order.sort();
  for (let i = 0; i < n; i++) order[i] = order[i]! % n;
  const all: SortEntry[] = new Array(n);
  const byModel = new Map<string, SortEntry[]>();
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const offer = idOrdered[i]!;
    const entry: SortEntry = { k0: k0[i]!, k1: k1[i]!, id: offer.id, offer };
    all[j] = entry;
    const list = byModel.get(offer.gpuModel);
    if (list) list.push(entry);
    else byModel.set(offer.gpuModel, [entry]);
  }
  return { all, byModel };
}

/** Index of the first entry strictly after `after` (0 when null): binary search, O(log n). */
export function firstAfter(list: readonly SortEntry[], after: Position | null): number {
  if (after === null) return 0;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions(list[mid]!, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Walks the sorted lists (merged, when several) from strictly after `after`, keeping entries that
 * pass `keep`, until `want` are found or the lists end.
 */
export function collectAfter(
  lists: readonly SortEntry[][],
  after: Position | null,
  keep: (offer: CatalogOffer) => boolean,
  want: number,
): SortEntry[] {
  const out: SortEntry[] = [];
  if (lists.length === 1) {
    const list = lists[0]!;
    for (let i = firstAfter(list, after); i < list.length && out.length < want; i++) {
      const entry = list[i]!;
      if (keep(entry.offer)) out.push(entry);
    }
    return out;
  }
  // k-way merge: k is the number of requested GPU models, small, so a linear pick beats a heap.
  const heads = lists.map((list) => firstAfter(list, after));
  while (out.length < want) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      const candidate = lists[l]![heads[l]!];
      if (candidate && (best < 0 || comparePositions(candidate, lists[best]![heads[best]!]!) < 0)) best = l;
    }
    if (best < 0) break;
    const entry = lists[best]![heads[best]!]!;
    heads[best] = heads[best]! + 1;
    if (keep(entry.offer)) out.push(entry);
  }
  return out;
}
