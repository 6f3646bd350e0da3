import type { PROVIDER_IDS } from '../platform-config/index.js';
import type { ProvisioningAdapter } from './provisioning.types.js';

/** A provider the broker has an adapter for (the registry is typed by it, so none is left unwired). */
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const AVAILABILITIES = ['available', 'limited', 'unavailable'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/**
 * One offer as a provider (or a catalog file) describes it, already in our units but with the
 * provider's own GPU name. Adapters and catalog-file parsers produce these; normalization maps the
 * GPU to a canonical model.
 */
export interface ProviderOffer {
  /** Stable id of the offer at the provider (instance type + region + tier …): the upsert key. */
  providerOfferId: string;
  /** The GPU name as the provider spells it (`NVIDIA H100 80GB HBM3`, `A100-80GB`, `gpu_1x_a10`). */
  gpuName: string;
  /** GPUs in the offer (≥ 1). A fractional GPU (vGPU slice) is 1 with its slice's VRAM. */
  gpuCount: number;
  /** VRAM per GPU in GB as reported (null when the provider does not say). */
  gpuVramGb: number | null;
  vcpus: number;
  ramGb: number;
  /** Included disk in GB (0 when none is included). */
  storageGb: number;
  /** The provider's region / data-centre code (`us-east-1`, `CA-MTL-1`, `norway_4_eu`). */
  region: string;
  /** ISO 3166-1 alpha-2 upper case, when known. */
  country: string | null;
  /** Interruptible / spot / community-bid offer. */
  spot: boolean;
  availability: Availability;
  /** USD per hour for the whole offer (all its GPUs), as the provider charges it. */
  pricePerHour: number;
}

/** Minimal HTTP client an adapter gets: base URL already applied, JSON in and out. */
export interface ProviderHttp {
  /** The effective base URL (`providers.<id>.base_url` or the adapter's default). */
  readonly baseUrl: string;
  /**
   * Sends a request to `baseUrl + path` (path starts with `/`, may carry a query string; `query`
   * entries are appended, arrays repeated). Resolves the parsed JSON body of a 2xx; rejects with
   * `ProviderHttpError` for any other status, a body that is not JSON, or a network error.
   */
  request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options?: {
      query?: Record<string, string | number | boolean | Array<string | number> | undefined>;
      headers?: Record<string, string>;
      /** JSON-encoded (object) or sent as is (string, e.g. a form body with its content-type header). */
      body?: unknown;
    },
  ): Promise<T>;
}

/** Everything a `listOffers` call may use. */
export interface ProviderContext {
  http: ProviderHttp;
  /**
   * The provider credential from the secret parameter `providers.<id>.api_key` (null when unset).
   * Composite credentials are documented per adapter (e.g. Verda `client_id:client_secret`).
   */
  credential: string | null;
  signal: AbortSignal;
  /** US dollars per euro (`catalog.usd_per_eur`), for adapters whose provider prices in EUR. */
  usdPerEur: number;
}

/**
 * A GPU cloud. `kind: 'live'` adapters talk to the provider's HTTP API; `kind: 'catalog'` providers
 * get their offers from catalog files (SkyPilot / gpuhunt CSV) only. Every adapter also seeds its
 * SANDBOX twin with real public data (`seedOffers`).
 */
export interface ProviderAdapter {
  id: ProviderId;
  /** Display name (`Lambda Cloud`). */
  name: string;
  kind: 'live' | 'catalog';
  /** Production API root (`https://cloud.lambdalabs.com/api/v1`); null for catalog providers. */
  defaultBaseUrl: string | null;
  /** The provider's API reference this adapter follows. */
  docsUrl: string;
  /** Whether pods can be created through this adapter: true exactly when `provisioning` is set. */
  supportsProvisioning: boolean;
  /** Instance lifecycle calls (LIVE), for providers whose create/stop/terminate API we implement. */
  provisioning?: ProvisioningAdapter;
  /**
   * `required`: listing offers needs `providers.<id>.api_key`; without one (LIVE) the provider is
   * not called and shows `down` with `not_configured`. `none`: a public endpoint or catalog files.
   */
  credential: 'required' | 'none';
  /** Every offer the provider lists now. Throws `ProviderHttpError` on HTTP failures (retried by the caller). */
  listOffers(ctx: ProviderContext): Promise<ProviderOffer[]>;
  /**
   * Real public data for the SANDBOX twin: the provider's catalog rows, its recorded API bodies run
   * through this adapter's own parser, or its published price list; `source` cites it.
   */
  seedOffers(): Promise<{ source: string; offers: ProviderOffer[] }>;
}

/** An offer as the catalog stores and serves it (normalized). Money in micro-dollars (STYLE §15). */
export interface CatalogOffer {
  /** `ofr_…`, stable across syncs (kept on upsert). */
  id: string;
  provider: string;
  providerOfferId: string;
  /** Canonical model (`H100-80GB-SXM`) or, when unmapped, the raw name as given. */
  gpuModel: string;
  gpuMapped: boolean;
  gpuCount: number;
  /** Per GPU, snapped to a known size. */
  gpuVramGb: number;
  vcpus: number;
  ramGb: number;
  storageGb: number;
  region: string;
  country: string | null;
  spot: boolean;
  availability: Availability;
  /** Whole offer, USD × 1e6 per hour. */
  priceMicros: number;
  /** FP16 dense TFLOPS × GPU count (0 when the GPU is unmapped). */
  performanceScore: number;
  /** Epoch ms of the last change seen by a sync. */
  updatedAtMs: number;
}

export class ProviderHttpError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** From a 429/503 `Retry-After` header, in ms. */
    readonly retryAfterMs: number | null = null,
    /**
     * The start of the error answer's body (providers put their error code there, e.g. Lambda's
     * `instance-operations/launch/insufficient-capacity`); null when there was no answer. May hold
     * whatever the provider echoed: never log or show it to users as is.
     */
    readonly body: string | null = null,
  ) {
    super(message);
    this.name = 'ProviderHttpError';
  }
}
