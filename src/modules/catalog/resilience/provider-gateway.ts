import { setTimeout as sleep } from 'node:timers/promises';
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type { Cache } from '../../../platform/cache/index.js';
import type { RateLimiter } from '../../../platform/ratelimit/index.js';
import {
  type ProviderAdapter,
  type ProviderHttp,
  ProviderHttpError,
  type ProviderId,
  type ProviderOffer,
} from '../catalog.types.js';
import { createProviderHttp } from '../providers/http.js';
import {
  CircuitOpenError,
  isTransient,
  ProviderGatewayError,
  ProviderRateLimitedError,
  ProviderTimeoutError,
  providerFailureCode,
} from './gateway-errors.js';
import { type CircuitStatus, circuitStatus, retryAfterBackoff } from './gateway-policies.js';

/** The provider settings in effect, read again for every fetch (parameters change at run time). */
export interface ProviderCallConfig {
  /** `providers.<id>.base_url`; null → the adapter's default. */
  baseUrl: string | null;
  /** `providers.<id>.api_key`. */
  credential: string | null;
  /** `catalog.provider_timeout_ms`: the budget of ONE attempt (all its requests and token waits). */
  timeoutMs: number;
  /** `providers.<id>.rate_limit_per_minute`: requests per minute, shared by every API instance. */
  ratePerMinute: number;
  /** `catalog.usd_per_eur`, handed to the adapter (EUR-priced providers). */
  usdPerEur: number;
}

export interface ProviderGatewayDeps {
  adapter: ProviderAdapter;
  config: () => ProviderCallConfig;
  limiter: Pick<RateLimiter, 'take'>;
  cache: Pick<Cache, 'getOrSet' | 'delete'>;
  logger: { warn(o: object, m: string): void; info(o: object, m: string): void };
  /** `maxAttempts` counts the first call (default 3); delays in ms (defaults 250 and 5 000). */
  retry?: { maxAttempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /** Opens after `consecutiveFailures` failed fetches (default 3); trial call after `halfOpenAfterMs` (60 000). */
  breaker?: { consecutiveFailures?: number; halfOpenAfterMs?: number };
  /** Longest total wait for rate-limit tokens within one attempt before failing fast (default 2 000 ms). */
  rateLimit?: { maxWaitMs?: number };
}

/** One provider behind its cache, rate limit, timeout, retries and circuit breaker. */
export interface ProviderGateway {
  readonly providerId: ProviderId;
  /**
   * The provider's offers: from the 60 s pricing cache, else fetched through the policies.
   * `fresh` skips the cached copy (and replaces it). Rejects with `CircuitOpenError` at once while
   * the breaker is open, `ProviderTimeoutError`, `ProviderRateLimitedError`, the last
   * `ProviderHttpError`, or a `bad_response` gateway error; `providerFailureCode` names each.
   */
  fetchOffers(opts?: { fresh?: boolean }): Promise<ProviderOffer[]>;
  /**
   * The breaker now. `half_open` also covers an open breaker whose delay has passed: cockatiel
   * switches on the next call, which will be the trial.
   */
  circuit(): CircuitStatus;
  /** Called on every breaker transition (open, half_open when a trial starts, closed). Returns unsubscribe. */
  onCircuitChange(listener: (state: CircuitStatus) => void): () => void;
}

/** How long fetched offers are served from the cache (API.md: 60 s pricing cache). */
export const OFFERS_CACHE_TTL_MS = 60_000;

/** The cache key of one provider's fetched offers. */
export const offersCacheKey = (provider: string): string => `catalog:offers:${provider}`;

/** The token-bucket key of one provider. */
export const rateLimitKey = (provider: string): string => `provider:${provider}`;

/**
 * Wraps one adapter for syncing. Policy order, outermost first: cache → breaker → retry →
 * timeout → adapter, and a token taken before every HTTP request. So the breaker counts whole
 * fetches (after their retries), each attempt gets its own `timeoutMs`, and a paginating adapter
 * pays one token per page.
 *
 * Only transient failures (no answer, timeout, 408, 429, 5xx) are retried and counted by the
 * breaker; a 401 or 404 fails at once and leaves the breaker alone (waiting will not fix a bad
 * key). When the bucket is empty the gateway waits for the next token if it is due within
 * `rateLimit.maxWaitMs` (the wait shares the attempt's timeout), else fails fast with
 * `rate_limited`: the next scheduled sync tries again instead of piling up behind this one.
 * A failing limiter (Redis down) is logged and ignored: the provider's own 429 is the backstop.
 */
export function createProviderGateway(deps: ProviderGatewayDeps): ProviderGateway {
  const { adapter, cache, limiter, logger } = deps;
  const provider = adapter.id;
  const maxAttempts = positiveInt(deps.retry?.maxAttempts ?? 3, 'retry.maxAttempts');
  const initialDelayMs = deps.retry?.initialDelayMs ?? 250;
  const maxDelayMs = deps.retry?.maxDelayMs ?? 5_000;
  const halfOpenAfterMs = deps.breaker?.halfOpenAfterMs ?? 60_000;
  const maxWaitMs = deps.rateLimit?.maxWaitMs ?? 2_000;

  const breaker = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(
      positiveInt(deps.breaker?.consecutiveFailures ?? 3, 'consecutiveFailures'),
    ),
  });
  let openedAtMs = 0;
  breaker.onBreak((reason) => {
    openedAtMs = Date.now();
    const code = 'error' in reason ? providerFailureCode(reason.error) : 'unknown';
    logger.warn({ provider, code, halfOpenAfterMs }, 'provider circuit opened');
  });
  breaker.onHalfOpen(() => logger.info({ provider }, 'provider circuit half-open: trial call'));
  breaker.onReset(() => logger.info({ provider }, 'provider circuit closed'));

  async function takeToken(ratePerMinute: number, signal: AbortSignal): Promise<void> {
    let waitedMs = 0;
    for (;;) {
      let taken: Awaited<ReturnType<RateLimiter['take']>>;
      try {
        taken = await limiter.take(rateLimitKey(provider), { ratePerMinute });
      } catch (err) {
        logger.warn({ provider, err }, 'rate limiter unavailable: request sent without a token');
        return;
      }
      if (taken.ok) return;
      if (waitedMs + taken.retryInMs > maxWaitMs)
        throw new ProviderRateLimitedError(provider, taken.retryInMs);
      await sleep(taken.retryInMs, undefined, { signal });
      waitedMs += taken.retryInMs;
    }
  }

  function httpFor(cfg: ProviderCallConfig, signal: AbortSignal): ProviderHttp {
    const baseUrl = cfg.baseUrl ?? adapter.defaultBaseUrl;
    return {
      baseUrl: baseUrl ?? '',
      async request<T>(...args: Parameters<ProviderHttp['request']>): Promise<T> {
        // Adapters that never call HTTP (catalog providers' SANDBOX twins) run without a base URL.
        if (!baseUrl)
          throw new ProviderGatewayError('misconfigured', provider, `${provider}: no API base URL`);
        await takeToken(cfg.ratePerMinute, signal);
        return createProviderHttp({ baseUrl, signal }).request<T>(...args);
      },
    };
  }

  async function attempt(cfg: ProviderCallConfig, signal: AbortSignal): Promise<ProviderOffer[]> {
    try {
      return await adapter.listOffers({
        http: httpFor(cfg, signal),
        credential: cfg.credential,
        signal,
        usdPerEur: cfg.usdPerEur,
      });
    } catch (err) {
      if (err instanceof ProviderGatewayError) throw err;
      // A cooperative timeout only aborts the signal; whatever the adapter throws after that (an
      // aborted fetch surfaces as a network error) is the timeout.
      if (signal.aborted) throw new ProviderTimeoutError(provider, cfg.timeoutMs, err);
      if (err instanceof ProviderHttpError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new ProviderGatewayError('bad_response', provider, `${provider}: ${message}`, { cause: err });
    }
  }

  async function load(): Promise<ProviderOffer[]> {
    const cfg = deps.config();
    // Calling without the key would only collect 401s (and the provider's attention): not called,
    // not retried, not counted by the breaker.
    if (adapter.credential === 'required' && !cfg.credential) {
      throw new ProviderGatewayError(
        'not_configured',
        provider,
        `${provider}: no API key; set providers.${provider}.api_key or disable the provider`,
      );
    }
    const retries = retry(handleWhen(isTransient), {
      maxAttempts: maxAttempts - 1,
      backoff: retryAfterBackoff(initialDelayMs, maxDelayMs),
    });
    retries.onRetry((event) => {
      const error = 'error' in event ? event.error : undefined;
      const status = error instanceof ProviderHttpError ? error.status : null;
      logger.warn(
        { provider, attempt: event.attempt, delayMs: event.delay, code: providerFailureCode(error), status },
        'provider fetch failed, retrying',
      );
    });
    const policy = wrap(breaker, retries, timeout(cfg.timeoutMs, TimeoutStrategy.Cooperative));
    try {
      return await policy.execute(({ signal }) => attempt(cfg, signal));
    } catch (err) {
      if (isBrokenCircuitError(err)) throw new CircuitOpenError(provider);
      throw err;
    }
  }

  return {
    providerId: provider,
    async fetchOffers(opts = {}) {
      const key = offersCacheKey(provider);
      if (opts.fresh) await cache.delete(key);
      return cache.getOrSet(key, OFFERS_CACHE_TTL_MS, load);
    },
    circuit() {
      if (breaker.state === CircuitState.Open && Date.now() - openedAtMs >= halfOpenAfterMs)
        return 'half_open';
      return circuitStatus(breaker.state);
    },
    onCircuitChange(listener) {
      const subscription = breaker.onStateChange((state) => listener(circuitStatus(state)));
      return () => subscription.dispose();
    },
  };
}

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${what} must be an integer >= 1, got ${value}`);
  return value;
}
