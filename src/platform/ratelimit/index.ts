import type { Clock } from '../clock/clock.js';
import { createMemoryRateLimiter } from './memory.rate-limiter.js';
import type { RateLimiter } from './rate-limiter.port.js';
import { createRedisRateLimiter } from './redis.rate-limiter.js';

export { createMemoryRateLimiter, type MemoryRateLimiterOptions } from './memory.rate-limiter.js';
export type { RateLimiter, RateLimitOptions, TakeResult } from './rate-limiter.port.js';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './redis.rate-limiter.js';

export interface CreateRateLimiterOptions {
  /** Use Redis at this URL (buckets shared by every API instance); without it buckets are in-process. */
  redisUrl?: string | null;
  /** Redis key prefix shared by this deployment. Default `gpb:rl:`. */
  keyPrefix?: string;
  /** Time source of the in-process limiter. The Redis limiter uses the server's TIME (see its options). */
  clock?: Clock;
  /** Redis connection errors, for logging. */
  onError?: (err: unknown) => void;
}

/**
 * The limiter the configuration names: Redis when `redisUrl` is set, else in-process buckets.
 * The Redis client connects immediately; call `close` at shutdown.
 */
export function createRateLimiter(opts: CreateRateLimiterOptions = {}): RateLimiter {
  if (opts.redisUrl) {
    return createRedisRateLimiter({ url: opts.redisUrl, keyPrefix: opts.keyPrefix, onError: opts.onError });
  }
  return createMemoryRateLimiter({ clock: opts.clock });
}
