/**
 * The rate-limiter port: token buckets keyed by the caller (`provider:lambda`). Embedded adapter:
 * in-process buckets (one process only). Production: Redis, so every API instance draws from one
 * bucket per key — several instances, one provider quota.
 *
 * A bucket holds at most `burst` tokens and starts full; it refills continuously at
 * `ratePerMinute` tokens per minute. `take` removes one token when at least one is there; a
 * refused take removes nothing (no debt), so callers may simply try again after `retryInMs`.
 */
export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /**
   * Takes one token from the bucket under `key`. `ratePerMinute` (finite, > 0, fractions allowed)
   * and `burst` (finite, ≥ 1; default `ratePerMinute`, at least 1) are passed on every call, so a
   * changed setting applies at once; a lower burst caps a fuller bucket. Rejects with a RangeError
   * for bad options. When refused, `retryInMs` (whole ms, ≥ 1) is the time until one token is back.
   */
  take(key: string, opts: RateLimitOptions): Promise<TakeResult>;
  /** Releases the store; the limiter is unusable afterwards. Idempotent. */
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Refill rate, tokens per minute. */
  ratePerMinute: number;
  /** Bucket capacity: how many takes may happen at once after a quiet period. */
  burst?: number;
}

export type TakeResult = { ok: true } | { ok: false; retryInMs: number };
