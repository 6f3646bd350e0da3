import { LRUCache } from 'lru-cache';
import { type Clock, systemClock } from '../clock/clock.js';
import type { RateLimiter } from './rate-limiter.port.js';
import { type BucketState, bucketShape, takeToken } from './token-bucket.js';

export interface MemoryRateLimiterOptions {
  /** Source of time for refills; a manual clock lets tests refill without sleeping. */
  clock?: Clock;
  /** Most buckets kept. Evicting one only makes it full again, so the bound errs generous. Default 10 000. */
  maxBuckets?: number;
}

/** The embedded limiter: token buckets in this process only (one API instance). */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const clock = options.clock ?? systemClock;
  const buckets = new LRUCache<string, BucketState>({ max: options.maxBuckets ?? 10_000 });
  let closed = false;
  return {
    kind: 'memory',
    async take(key, opts) {
      if (closed) throw new Error('memory rate limiter is closed');
      const result = takeToken(buckets.get(key), bucketShape(opts), clock.nowMs());
      buckets.set(key, result.state);
      return result.ok ? { ok: true } : { ok: false, retryInMs: result.retryInMs };
    },
    async close() {
      closed = true;
      buckets.clear();
    },
  };
}
