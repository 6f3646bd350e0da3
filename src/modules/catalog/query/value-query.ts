import type { CatalogOffer } from '../catalog.types.js';
import { decodeCursor, encodeCursor, fnv1a } from './offer-cursor.js';
import type { CompiledFilter } from './offer-filter.js';
import type { OfferPage, OfferQuery } from './offer-query.types.js';
import type { Position } from './offer-sorts.js';
import { explainWith, normalizeWeights, TOPSIS_CRITERIA, type TopsisModel } from './topsis.js';
import {
  alternativeOf,
  createLru,
  rankByValue,
  topAfter,
  type ValueRanking,
  valuePosition,
} from './value-ranking.js';

const VALUE_CACHE_SIZE = 16;
const VALUE_PAGES_PER_RANKING = 64;
type ValuePageItems = ReturnType<typeof topAfter>;

const sameVector = (a: readonly number[], b: readonly number[]) => a.every((x, i) => x === b[i]);
const sameModel = (a: TopsisModel, b: TopsisModel) =>
  sameVector(a.weights, b.weights) &&
  sameVector(a.norms, b.norms) &&
  sameVector(a.ideal, b.ideal) &&
  sameVector(a.antiIdeal, b.antiIdeal);

/**
 * `sort=value` pages. TOPSIS rankings are cached per (filters, weights) for one index version in a
 * small LRU, and each ranking memoizes the pages served from it, so paging (and a popular first
 * page) costs a lookup. A cursor carries page 1's TOPSIS model: when the index changed since,
 * today's candidates are scored with that model, so unchanged offers keep their scores and order.
 */
export function createValueQuery(deps: {
  /** The offers passing `filter` (any order). */
  candidates(filter: CompiledFilter): CatalogOffer[];
  /** Called each time a TOPSIS ranking is computed (metrics, tests). */
  onRanking(): void;
}) {
  const valueCache = createLru<ValueRanking>(VALUE_CACHE_SIZE);
  let valueCacheVersion = 0;
  const valuePages = new WeakMap<ValueRanking, ReturnType<typeof createLru<ValuePageItems>>>();

  /** `topAfter` memoized per ranking: a popular page (the first) costs one scan per index version. */
  function pageOf(ranking: ValueRanking, after: Position | null, want: number) {
    let pages = valuePages.get(ranking);
    if (!pages) {
      pages = createLru(VALUE_PAGES_PER_RANKING);
      valuePages.set(ranking, pages);
    }
    const key = after ? `${want}|${after.k0}|${after.k1}|${after.id}` : `${want}`;
    let found = pages.get(key);
    if (!found) {
      found = topAfter(ranking, after, want);
      pages.set(key, found);
    }
    return found;
  }

  return function queryValue(q: OfferQuery, filter: CompiledFilter, version: number): OfferPage {
    const weights = normalizeWeights(q.weights);
    const weightVector = TOPSIS_CRITERIA.map((c) => weights[c]);
    const filtersHash = fnv1a(filter.key);
    const cursor =
      q.cursor === undefined
        ? null
        : decodeCursor(q.cursor, { sort: 'value', weights: weightVector, filtersHash });
    if (valueCacheVersion !== version) {
      valueCache.clear();
      valueCacheVersion = version;
    }
    const key = `${filter.key}|${weightVector.join(',')}`;
    let ranking = valueCache.get(key);
    if (!ranking) {
      ranking = rankByValue(deps.candidates(filter), weights, null);
      deps.onRanking();
      valueCache.set(key, ranking);
    }
    const frozen = cursor?.value?.model;
    if (frozen && !sameModel(frozen, ranking.model)) {
      // The set changed since page 1: score today's candidates with page 1's normalization, so an
      // offer that did not change keeps its score and therefore its place in the order.
      const frozenKey = `${key}|${JSON.stringify(frozen)}`;
      const base: ValueRanking = ranking;
      let refrozen = valueCache.get(frozenKey);
      if (!refrozen) {
        refrozen = rankByValue(base.offers, weights, frozen);
        deps.onRanking();
        valueCache.set(frozenKey, refrozen);
      }
      ranking = refrozen;
    }
    const found = pageOf(ranking, cursor?.position ?? null, q.limit + 1);
    const page = found.slice(0, q.limit);
    const model = ranking.model;
    const last = page[page.length - 1];
    return {
      items: page.map(({ offer, score }) => ({
        offer,
        valueScore: score,
        ...(q.explain ? { explain: explainWith(model, alternativeOf(offer)) } : {}),
      })),
      nextCursor:
        found.length > q.limit && last
          ? encodeCursor({
              sort: 'value',
              position: valuePosition(last.score, last.offer.id),
              value: { weights: weightVector, filtersHash, model },
            })
          : null,
    };
  };
}
