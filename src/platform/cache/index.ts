import type { Clock } from '../clock/clock.js';
import type { Cache } from './cache.port.js';
import { createMemoryCache } from './memory.cache.js';
import { createRedisCache } from './redis.cache.js';

export type { Cache } from './cache.port.js';
export { createMemoryCache, type MemoryCacheOptions } from './memory.cache.js';
export { createRedisCache, type RedisCacheOptions } from './redis.cache.js';

export interface CreateCacheOptions {
  /** Use Redis at this URL; without it the cache is in-process (one instance only). */
  redisUrl?: string;
  /** Time source of the in-process cache (Redis keeps its own time). */
  clock?: Clock;
  /** Redis key prefix shared by this deployment. Default `gpb:`. */
  keyPrefix?: string;
  /** Entry bound of the in-process cache. Default 10 000. */
  maxEntries?: number;
  /** Redis connection errors, for logging. */
  onError?: (err: unknown) => void;
}

/**
 * The cache the configuration names: Redis when `redisUrl` is set (shared by every API
 * instance), else the in-process LRU. The Redis client connects immediately; use `ping` for
 * readiness and `close` at shutdown.
 */
export function createCache(opts: CreateCacheOptions = {}): Cache {
  if (opts.redisUrl) {
    return createRedisCache({ url: opts.redisUrl, keyPrefix: opts.keyPrefix, onError: opts.onError });
  }
  return createMemoryCache({ clock: opts.clock, maxEntries: opts.maxEntries });
}
