import { AVAILABILITIES, type CatalogOffer } from '../catalog.types.js';
import { decodeCursor, encodeCursor } from './offer-cursor.js';
import {
  computeFacets,
  computeProviderCounts,
  type FeaturedOffer,
  featuredOf,
  type OfferFacets,
  type ProviderOfferCounts,
} from './offer-facets.js';
import { type CompiledFilter, compileFilters } from './offer-filter.js';
import type { OfferPage, OfferQuery } from './offer-query.types.js';
import { buildSortedView, collectAfter, type KeysetSort, type SortedView, sortById } from './offer-sorts.js';
import { createValueQuery } from './value-query.js';

export { InvalidCursorError } from './offer-cursor.js';
export type { FeaturedOffer, OfferFacets, ProviderOfferCounts } from './offer-facets.js';
export type { OfferFilters } from './offer-filter.js';
export type { OfferPage, OfferPageItem, OfferQuery } from './offer-query.types.js';
export { OFFER_SORTS, type OfferSort } from './offer-sorts.js';
export {
  checkWeights,
  DEFAULT_WEIGHTS,
  parseWeights,
  type TopsisExplanation,
  type TopsisWeights,
} from './topsis.js';

/**
 * In-memory index of the catalog serving `GET /offers` without touching the database, which stays
 * the source of truth: each process rebuilds a provider's slice after each sync. The index keeps its
 * own shallow copies; the offers it returns are shared and must be treated as read-only. All methods
 * are synchronous, so a query never sees half of a `replaceProvider`.
 */
export interface OfferIndex {
  /** Replaces every offer of `provider` with `offers` (all must carry that provider) in one step. */
  replaceProvider(provider: string, offers: readonly CatalogOffer[]): void;
  /** Inserts or replaces offers by id (an offer may move to another provider). */
  upsert(offers: readonly CatalogOffer[]): void;
  get(id: string): CatalogOffer | undefined;
  readonly size: number;
  /** Increments on every change; caches are keyed by it. */
  readonly version: number;
  /**
   * One page of offers. Throws `InvalidCursorError` for a cursor not issued for this sort (and, for
   * `value`, these weights and filters), the `validation_failed` AppError for invalid weights.
   */
  query(q: OfferQuery): OfferPage;
  /** Per model, in the order given: its featured offer (see `FeaturedOffer`). */
  featured(models: readonly string[]): FeaturedOffer[];
  facets(): OfferFacets;
  /** Per provider that has (or had, through `replaceProvider`) offers; a fresh Map. */
  providerCounts(): Map<string, ProviderOfferCounts>;
  /** Work counters since creation, for metrics: sorted-view builds and TOPSIS rankings computed. */
  stats(): { viewBuilds: number; valueRankings: number };
}

function checkedCopy(o: CatalogOffer): CatalogOffer {
  const numbers = [o.priceMicros, o.performanceScore, o.gpuCount, o.gpuVramGb, o.vcpus, o.ramGb];
  if (
    !o.id ||
    !o.provider ||
    numbers.some((x) => !Number.isFinite(x)) ||
    !AVAILABILITIES.includes(o.availability)
  ) {
    throw new TypeError(
      `offer ${o.id} has a missing id/provider, a non-finite number or an unknown availability`,
    );
  }
  // A shallow copy: the caller's object stays its own, and every offer in the index has one shape.
  return { ...o };
}

/** A new, empty offer index. */
export function createOfferIndex(): OfferIndex {
  let version = 0;
  const byId = new Map<string, CatalogOffer>();
  const byProvider = new Map<string, Set<string>>();
  const views = new Map<KeysetSort, { version: number; view: SortedView }>();
  let facetsCache: { version: number; facets: OfferFacets } | null = null;
  let countsCache: { version: number; counts: Map<string, ProviderOfferCounts> } | null = null;
  const stats = { viewBuilds: 0, valueRankings: 0 };
  let idOrder: { version: number; offers: CatalogOffer[] } | null = null;

  function put(o: CatalogOffer): void {
    const previous = byId.get(o.id);
    if (previous && previous.provider !== o.provider) byProvider.get(previous.provider)?.delete(o.id);
    byId.set(o.id, o);
    let ids = byProvider.get(o.provider);
    if (!ids) {
      ids = new Set();
      byProvider.set(o.provider, ids);
    }
    ids.add(o.id);
  }

  /** The sorted view for `sort`, rebuilt on first use after a change (not per query). */
  function viewFor(sort: KeysetSort): SortedView {
    const cached = views.get(sort);
    if (cached && cached.version === version) return cached.view;
    if (idOrder?.version !== version) idOrder = { version, offers: sortById(byId) };
    const view = buildSortedView(idOrder.offers, sort);
    stats.viewBuilds += 1;
    views.set(sort, { version, view });
    return view;
  }

  function candidates(filter: CompiledFilter): CatalogOffer[] {
    const out: CatalogOffer[] = [];
    if (filter.gpuModels) {
      const byModel = viewFor('price').byModel;
      for (const model of filter.gpuModels) {
        for (const entry of byModel.get(model) ?? []) if (filter.rest(entry.offer)) out.push(entry.offer);
      }
    } else {
      for (const o of byId.values()) if (filter.rest(o)) out.push(o);
    }
    return out;
  }

  const queryValue = createValueQuery({
    candidates,
    onRanking: () => {
      stats.valueRankings += 1;
    },
  });

  function queryKeyset(q: OfferQuery & { sort: KeysetSort }, filter: CompiledFilter): OfferPage {
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor, { sort: q.sort }).position;
    const view = viewFor(q.sort);
    const lists = filter.gpuModels ? filter.gpuModels.map((m) => view.byModel.get(m) ?? []) : [view.all];
    const found = collectAfter(lists, after, filter.rest, q.limit + 1);
    const page = found.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((entry) => ({ offer: entry.offer })),
      nextCursor:
        found.length > q.limit && last
          ? encodeCursor({ sort: q.sort, position: { k0: last.k0, k1: last.k1, id: last.id }, value: null })
          : null,
    };
  }

  return {
    replaceProvider(provider, offers) {
      const fresh = offers.map(checkedCopy);
      const stranger = fresh.find((o) => o.provider !== provider);
      if (stranger)
        throw new TypeError(`offer ${stranger.id} belongs to ${stranger.provider}, not ${provider}`);
      for (const id of byProvider.get(provider) ?? []) byId.delete(id);
      byProvider.set(provider, new Set());
      for (const o of fresh) put(o);
      version += 1;
    },
    upsert(offers) {
      if (offers.length === 0) return;
      const fresh = offers.map(checkedCopy);
      for (const o of fresh) put(o);
      version += 1;
    },
    get: (id) => byId.get(id),
    get size() {
      return byId.size;
    },
    get version() {
      return version;
    },
    query(q) {
      if (!Number.isInteger(q.limit) || q.limit < 1)
        throw new RangeError(`limit must be an integer ≥ 1 (${q.limit})`);
      const filter = compileFilters(q);
      if (q.sort === 'value') return queryValue(q, filter, version);
      return queryKeyset({ ...q, sort: q.sort }, filter);
    },
    featured(models) {
      const byModel = viewFor('price').byModel;
      return models.map((model) => featuredOf(model, byModel.get(model) ?? []));
    },
    facets() {
      if (facetsCache?.version !== version) facetsCache = { version, facets: computeFacets(byId.values()) };
      return facetsCache.facets;
    },
    providerCounts() {
      if (countsCache?.version !== version) {
        countsCache = { version, counts: computeProviderCounts(byId.values(), byProvider.keys()) };
      }
      return new Map([...countsCache.counts].map(([id, c]) => [id, { ...c }]));
    },
    stats: () => ({ ...stats }),
  };
}
