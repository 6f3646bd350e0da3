import { LRUCache } from 'lru-cache';
import { type Clock, systemClock } from '../clock/clock.js';
import type { Cache } from './cache.port.js';
import { createGetOrSet, encodeValue, wholeMs } from './cache-values.js';

export interface MemoryCacheOptions {
  /** Source of time for expiry; a manual clock lets tests expire entries without sleeping. */
  clock?: Clock;
  /** Most entries kept; the least recently used one is evicted beyond it. Default 10 000. */
  maxEntries?: number;
}

interface Entry {
  /** JSON text, as Redis would hold it: callers get copies and the same JSON semantics. */
  json: string;
  expiresAtMs: number;
}

const INTEGER = /^-?\d+$/;

/**
 * The embedded cache: an LRU bounded by entry count, one process only. Expiry is checked
 * against `clock` on read rather than left to lru-cache's TTL, which reads `performance.now()`
 * and caches it, so a manual clock could not drive it.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const clock = options.clock ?? systemClock;
  const lru = new LRUCache<string, Entry>({ max: options.maxEntries ?? 10_000 });
  let closed = false;

  function live(key: string): Entry | undefined {
    const entry = lru.get(key);
    if (entry === undefined) return undefined;
    // Live through its last millisecond, as in Redis (a key expires once now > its expiry).
    if (entry.expiresAtMs < clock.nowMs()) {
      lru.delete(key);
      return undefined;
    }
    return entry;
  }

  function assertOpen(): void {
    if (closed) throw new Error('memory cache is closed');
  }

  async function get<T>(key: string): Promise<T | undefined> {
    assertOpen();
    const entry = live(key);
    return entry === undefined ? undefined : (JSON.parse(entry.json) as T);
  }

  async function set(key: string, value: unknown, ttlMs: number): Promise<void> {
    assertOpen();
    const ttl = wholeMs(ttlMs, 'ttlMs');
    lru.set(key, { json: encodeValue(value), expiresAtMs: clock.nowMs() + ttl });
  }

  return {
    kind: 'memory',
    get,
    set,
    async delete(key) {
      assertOpen();
      lru.delete(key);
    },
    getOrSet: createGetOrSet(get, set),
    async increment(key, windowMs) {
      assertOpen();
      const window = wholeMs(windowMs, 'windowMs');
      const now = clock.nowMs();
      const entry = live(key);
      if (entry === undefined) {
        lru.set(key, { json: '1', expiresAtMs: now + window });
        return { count: 1, resetInMs: window };
      }
      // Same failure as Redis INCR on a non-counter, so code tested here behaves alike there.
      if (!INTEGER.test(entry.json)) throw new TypeError(`cache key ${key} does not hold an integer`);
      const count = Number(entry.json) + 1;
      lru.set(key, { json: String(count), expiresAtMs: entry.expiresAtMs });
      return { count, resetInMs: entry.expiresAtMs - now };
    },
    async ping() {
      assertOpen();
    },
    async close() {
      closed = true;
      lru.clear();
    },
  };
}
