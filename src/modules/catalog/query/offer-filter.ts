import type { CatalogOffer } from '../catalog.types.js';

/** The filters of `GET /offers` (API.md § Catalog), already parsed; every bound is inclusive. */
export interface OfferFilters {
  /** Canonical models, OR-ed (the repeatable `gpu_model`); exact names, aliases resolved by the caller. */
  gpuModels?: readonly string[] | undefined;
  minGpuCount?: number | undefined;
  maxGpuCount?: number | undefined;
  /** Per-GPU VRAM in GB (an 8 × 24 GB offer does not satisfy 80). */
  minVramGb?: number | undefined;
  /** USD per hour for the whole offer; compared in micro-dollars (rounded), so 0.57 matches 570000. */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Provider region code, case-insensitive exact match. */
  region?: string | undefined;
  /** ISO alpha-2, case-insensitive. */
  country?: string | undefined;
  /** Provider ids, OR-ed (the repeatable `provider`). */
  providers?: readonly string[] | undefined;
  /** true: spot offers only; false: on-demand only; undefined: both. */
  spot?: boolean | undefined;
  /** true: availability is not 'unavailable' ('limited' stays); false or undefined: no filter. */
  available?: boolean | undefined;
  minVcpus?: number | undefined;
  minRamGb?: number | undefined;
}

/** Filters compiled once per query: a predicate plus a canonical key for caches and cursors. */
export interface CompiledFilter {
  /** Same key for filters that select the same offers whatever order their lists came in. */
  key: string;
  /** Distinct models to read from the per-model lists, or null for the whole catalog. */
  gpuModels: string[] | null;
  /** Every filter except `gpuModels` (the per-model lists already apply it). */
  rest(offer: CatalogOffer): boolean;
  /** Every filter. */
  test(offer: CatalogOffer): boolean;
}

const toMicros = (usd: number) => Math.round(usd * 1e6);

function distinctSorted(values: readonly string[] | undefined): string[] | null {
  return values && values.length > 0 ? [...new Set(values)].sort() : null;
}

/** Compiles `OfferFilters`; an empty list (`gpuModels: []`) means no filter, like an absent one. */
export function compileFilters(f: OfferFilters): CompiledFilter {
  const gpuModels = distinctSorted(f.gpuModels);
  const providers = distinctSorted(f.providers);
  const minPriceMicros = f.minPrice === undefined ? undefined : toMicros(f.minPrice);
  const maxPriceMicros = f.maxPrice === undefined ? undefined : toMicros(f.maxPrice);
  const region = f.region?.toLowerCase();
  const country = f.country?.toUpperCase();
  const providerSet = providers ? new Set(providers) : null;
  const modelSet = gpuModels ? new Set(gpuModels) : null;
  const { minGpuCount, maxGpuCount, minVramGb, spot, minVcpus, minRamGb } = f;
  const onlyAvailable = f.available === true;

  const rest = (o: CatalogOffer): boolean =>
    (minGpuCount === undefined || o.gpuCount >= minGpuCount) &&
    (maxGpuCount === undefined || o.gpuCount <= maxGpuCount) &&
    (minVramGb === undefined || o.gpuVramGb >= minVramGb) &&
    (minPriceMicros === undefined || o.priceMicros >= minPriceMicros) &&
    (maxPriceMicros === undefined || o.priceMicros <= maxPriceMicros) &&
    (region === undefined || o.region.toLowerCase() === region) &&
    (country === undefined || o.country === country) &&
    (providerSet === null || providerSet.has(o.provider)) &&
    (spot === undefined || o.spot === spot) &&
    (!onlyAvailable || o.availability !== 'unavailable') &&
    (minVcpus === undefined || o.vcpus >= minVcpus) &&
    (minRamGb === undefined || o.ramGb >= minRamGb);

  const key = JSON.stringify([
    gpuModels,
    minGpuCount ?? null,
    maxGpuCount ?? null,
    minVramGb ?? null,
    minPriceMicros ?? null,
    maxPriceMicros ?? null,
    region ?? null,
    country ?? null,
    providers,
    spot ?? null,
    onlyAvailable,
    minVcpus ?? null,
    minRamGb ?? null,
  ]);
  return {
    key,
    gpuModels,
    rest,
    test: (o) => (modelSet === null || modelSet.has(o.gpuModel)) && rest(o),
  };
}
