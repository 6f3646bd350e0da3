/**
 * The cache port: short-lived shared values, counters for rate limits. Embedded adapter: an
 * in-process LRU with TTL (one process only). Production: Redis (ioredis), shared by every API
 * instance. Keys are namespaced by the caller (`offers:featured`); the adapter adds its own
 * deployment prefix.
 *
 * Values go through JSON on every adapter, so what `get` returns is a copy with JSON semantics
 * (a `Date` comes back as its ISO string, `undefined` properties vanish) and mutating it never
 * changes the cached value. `undefined` itself is not a value: `set` rejects it.
 * A counter written by `increment` is a plain number to `get`.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  /** The value stored under `key`, or undefined when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  /**
   * Stores `value` for `ttlMs` milliseconds (finite, > 0; fractions round up), replacing any
   * value or counter under `key` together with its expiry. Rejects with a TypeError for
   * `undefined` and a RangeError for a bad `ttlMs`.
   */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  /** Removes `key`; absent keys are fine. */
  delete(key: string): Promise<void>;
  /**
   * The cached value, or `load()`'s result stored for `ttlMs`. Concurrent calls for one key in
   * one process share a single lookup and a single `load()` (they all get its result or its
   * rejection). A rejected load stores nothing, so the next call loads again. A load that
   * resolves `undefined` is returned but not stored (use `null` to cache "nothing").
   */
  getOrSet<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /**
   * Atomically adds 1 to a fixed-window counter and returns the count in the current window and
   * the milliseconds until the window resets (rate limits: login attempts, API calls). The first
   * hit opens a window of `windowMs`; later hits never extend it. Rejects when `key` holds a
   * non-integer value.
   */
  increment(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Rejects when the backing store is unreachable (readiness), or after `close`. */
  ping(): Promise<void>;
  /** Releases the store; the cache is unusable afterwards. Idempotent. */
  close(): Promise<void>;
}
