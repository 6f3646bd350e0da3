/**
 * The cache port: short-lived shared values, counters for rate limits. Embedded adapter: an
 * in-process LRU with TTL (one process only). Production: Redis (ioredis), shared by every API
 * instance. Values are JSON-serialisable; keys are namespaced by the caller (`offers:featured`).
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  /** The value stored under `key`, or undefined when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlMs` milliseconds (> 0). */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * The cached value, or `load()`'s result stored for `ttlMs`. Concurrent misses for one key in
   * one process share a single `load()` call.
   */
  getOrSet<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /**
   * Atomically adds 1 to a fixed-window counter and returns the count in the current window and
   * the milliseconds until the window resets (rate limits: login attempts, API calls).
   */
  increment(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Rejects when the backing store is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
