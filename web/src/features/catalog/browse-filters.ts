import type { OfferSort, OffersQuery } from './catalog.api';

/** The criteria of the best-value ranking, in the order the server explains them. */
export const CRITERIA = ['price', 'performance', 'vram', 'availability'] as const;
export type Criterion = (typeof CRITERIA)[number];
/** Relative weights in percent (the server normalizes them to sum 1). */
export type Weights = Record<Criterion, number>;

/** The server's default weights (price 0.4, performance 0.3, VRAM 0.15, availability 0.15), in percent. */
export const DEFAULT_WEIGHTS: Readonly<Weights> = { price: 40, performance: 30, vram: 15, availability: 15 };

export const SORT_OPTIONS: readonly { value: OfferSort; label: string }[] = [
  { value: 'price', label: 'Price: low to high' },
  { value: '-price', label: 'Price: high to low' },
  { value: 'performance', label: 'Performance' },
  { value: 'availability', label: 'Availability' },
  { value: 'value', label: 'Best value' },
];

export type SpotFilter = 'any' | 'spot' | 'on-demand';

/**
 * Everything the browse page filters and sorts by. It lives in the URL query string (same names
 * as the API's parameters), so a filtered view can be shared and survives a reload.
 */
export interface BrowseFilters {
  gpuModels: string[];
  providers: string[];
  minGpuCount?: number;
  maxGpuCount?: number;
  minVramGb?: number;
  minPrice?: number;
  maxPrice?: number;
  region?: string;
  country?: string;
  spot: SpotFilter;
  availableOnly: boolean;
  minVcpus?: number;
  minRamGb?: number;
  sort: OfferSort;
  /** Only with sort=value; undefined = the server's defaults. */
  weights?: Weights;
}

export const PAGE_SIZE = 25;

const NUMBER_PARAMS = {
  minGpuCount: 'min_gpu_count',
  maxGpuCount: 'max_gpu_count',
  minVramGb: 'min_vram_gb',
  minPrice: 'min_price',
  maxPrice: 'max_price',
  minVcpus: 'min_vcpus',
  minRamGb: 'min_ram_gb',
} as const;
type NumberFilter = keyof typeof NUMBER_PARAMS;

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function isSort(value: string | null): value is OfferSort {
  return SORT_OPTIONS.some((o) => o.value === value);
}

/** `price:40,performance:30,…` → weights; anything unparsable falls back to the defaults. */
export function parseWeights(raw: string | null): Weights | undefined {
  if (!raw) return undefined;
  const weights: Weights = { price: 0, performance: 0, vram: 0, availability: 0 };
  for (const pair of raw.split(',')) {
    const [name, value] = pair.split(':');
    const n = Number(value);
    if (!CRITERIA.includes(name as Criterion) || !Number.isFinite(n) || n < 0) return undefined;
    weights[name as Criterion] = n;
  }
  return weights;
}

export function formatWeights(weights: Weights): string {
  return CRITERIA.map((c) => `${c}:${weights[c]}`).join(',');
}

export function parseFilters(params: URLSearchParams): BrowseFilters {
  const sort = params.get('sort');
  const spot = params.get('spot');
  const filters: BrowseFilters = {
    gpuModels: params.getAll('gpu_model').filter(Boolean),
    providers: params.getAll('provider').filter(Boolean),
    region: params.get('region')?.trim() || undefined,
    country: params.get('country')?.trim().toUpperCase() || undefined,
    spot: spot === 'true' ? 'spot' : spot === 'false' ? 'on-demand' : 'any',
    availableOnly: params.get('available') === 'true',
    sort: isSort(sort) ? sort : 'price',
  };
  for (const [key, name] of Object.entries(NUMBER_PARAMS) as [NumberFilter, string][]) {
    const n = numberParam(params, name);
    if (n !== undefined) filters[key] = n;
  }
  if (filters.sort === 'value') filters.weights = parseWeights(params.get('weights'));
  return filters;
}

/** The URL query string of a filter set; defaults are left out so shared links stay short. */
export function filtersToParams(filters: BrowseFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const model of filters.gpuModels) params.append('gpu_model', model);
  for (const provider of filters.providers) params.append('provider', provider);
  for (const [key, name] of Object.entries(NUMBER_PARAMS) as [NumberFilter, string][]) {
    const n = filters[key];
    if (n !== undefined) params.set(name, String(n));
  }
  if (filters.region) params.set('region', filters.region);
  if (filters.country) params.set('country', filters.country);
  if (filters.spot !== 'any') params.set('spot', String(filters.spot === 'spot'));
  if (filters.availableOnly) params.set('available', 'true');
  if (filters.sort !== 'price') params.set('sort', filters.sort);
  if (filters.sort === 'value' && filters.weights) params.set('weights', formatWeights(filters.weights));
  return params;
}

/** The `GET /offers` query for one page of a filter set. */
export function offersQuery(filters: BrowseFilters, cursor: string | undefined): OffersQuery {
  const query: OffersQuery = { limit: PAGE_SIZE, sort: filters.sort };
  if (filters.gpuModels.length > 0) query.gpu_model = filters.gpuModels;
  if (filters.providers.length > 0) query.provider = filters.providers;
  for (const [key, name] of Object.entries(NUMBER_PARAMS) as [NumberFilter, keyof OffersQuery][]) {
    const n = filters[key];
    if (n !== undefined) Object.assign(query, { [name]: n });
  }
  if (filters.region) query.region = filters.region;
  if (filters.country) query.country = filters.country;
  if (filters.spot !== 'any') query.spot = filters.spot === 'spot';
  if (filters.availableOnly) query.available = true;
  if (filters.sort === 'value') {
    query.explain = true;
    if (filters.weights) query.weights = formatWeights(filters.weights);
  }
  if (cursor) query.cursor = cursor;
  return query;
}

/** How many filters differ from "everything" (sort and weights are not filters). */
export function activeFilterCount(filters: BrowseFilters): number {
  const numbers = Object.keys(NUMBER_PARAMS).filter((k) => filters[k as NumberFilter] !== undefined).length;
  return (
    numbers +
    (filters.gpuModels.length > 0 ? 1 : 0) +
    (filters.providers.length > 0 ? 1 : 0) +
    (filters.region ? 1 : 0) +
    (filters.country ? 1 : 0) +
    (filters.spot !== 'any' ? 1 : 0) +
    (filters.availableOnly ? 1 : 0)
  );
}
