import type { CatalogOffer } from '../catalog.types.js';
import type { OfferFilters } from './offer-filter.js';
import type { OfferSort } from './offer-sorts.js';
import type { TopsisExplanation } from './topsis.js';

/** A `GET /offers` request, parsed (prices in USD per hour, VRAM per GPU). */
export interface OfferQuery extends OfferFilters {
  sort: OfferSort;
  /** For `value`; validated and normalized by `normalizeWeights` (omitted → DEFAULT_WEIGHTS). */
  weights?: Partial<Record<'price' | 'performance' | 'vram' | 'availability', number>> | undefined;
  /** For `value`: attach each item's TOPSIS breakdown (ignored by the other sorts). */
  explain?: boolean | undefined;
  /** Page size, an integer ≥ 1 (the route caps it). */
  limit: number;
  /** `nextCursor` of the previous page of the same query. */
  cursor?: string | undefined;
}

export interface OfferPageItem {
  offer: CatalogOffer;
  /** TOPSIS closeness in [0, 1]; `value` sort only. */
  valueScore?: number;
  explain?: TopsisExplanation;
}

export interface OfferPage {
  items: OfferPageItem[];
  /** Null on the last page. */
  nextCursor: string | null;
}
