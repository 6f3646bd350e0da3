import type { CatalogOffer } from '../catalog.types.js';
import type { SortEntry } from './offer-sorts.js';

/** The values Browse offers in its filter controls, counted over the whole index. */
export interface OfferFacets {
  /** Every model with its number of offers (any availability), by model name. */
  gpuModels: Array<{ model: string; count: number }>;
  /** Distinct region codes, sorted. */
  regions: string[];
  /** Distinct ISO alpha-2 countries (offers without one are not listed), sorted. */
  countries: string[];
  /** Providers with their number of offers, by id. */
  providers: Array<{ id: string; count: number }>;
}

/** The best current offer of one GPU model (landing page, `GET /providers/featured`). */
export interface FeaturedOffer {
  model: string;
  /** The cheapest on-demand (non-spot) offer that is not 'unavailable'; null when there is none. */
  offer: CatalogOffer | null;
  /** Offers of the model that are not 'unavailable', spot ones included. */
  offersCount: number;
}

export interface ProviderOfferCounts {
  total: number;
  /** Offers whose availability is not 'unavailable'. */
  available: number;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Counts models, regions, countries and providers in one pass. */
export function computeFacets(offers: Iterable<CatalogOffer>): OfferFacets {
  const models = new Map<string, number>();
  const providers = new Map<string, number>();
  const regions = new Set<string>();
  const countries = new Set<string>();
  for (const o of offers) {
    models.set(o.gpuModel, (models.get(o.gpuModel) ?? 0) + 1);
    providers.set(o.provider, (providers.get(o.provider) ?? 0) + 1);
    regions.add(o.region);
    if (o.country) countries.add(o.country);
  }
  return {
    gpuModels: [...models].sort((a, b) => byName(a[0], b[0])).map(([model, count]) => ({ model, count })),
    regions: [...regions].sort(byName),
    countries: [...countries].sort(byName),
    providers: [...providers].sort((a, b) => byName(a[0], b[0])).map(([id, count]) => ({ id, count })),
  };
}

/**
 * Featured offer of one model from its price-ascending list: the first on-demand offer that is not
 * 'unavailable'. Spot offers are not featured because a landing-page price must be one a user can
 * keep paying; they still count in `offersCount`.
 */
export function featuredOf(model: string, priceSorted: readonly SortEntry[]): FeaturedOffer {
  let offer: CatalogOffer | null = null;
  let offersCount = 0;
  for (const { offer: o } of priceSorted) {
    if (o.availability === 'unavailable') continue;
    offersCount += 1;
    if (offer === null && !o.spot) offer = o;
  }
  return { model, offer, offersCount };
}

/** Per provider: all its offers and those not 'unavailable'. Providers listed in `known` start at 0. */
export function computeProviderCounts(
  offers: Iterable<CatalogOffer>,
  known: Iterable<string>,
): Map<string, ProviderOfferCounts> {
  const counts = new Map<string, ProviderOfferCounts>();
  for (const id of known) counts.set(id, { total: 0, available: 0 });
  for (const o of offers) {
    let c = counts.get(o.provider);
    if (!c) {
      c = { total: 0, available: 0 };
      counts.set(o.provider, c);
    }
    c.total += 1;
    if (o.availability !== 'unavailable') c.available += 1;
  }
  return counts;
}
