// Shared by both adapters so they agree on what a valid TTL and value are (the contract suite
// runs against both).

/** Validates a TTL or window and rounds it up to whole milliseconds (Redis PX takes integers). */
export function wholeMs(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`${what} must be a finite number > 0, got ${ms}`);
  return Math.ceil(ms);
}

/** JSON text of a cache value; `undefined` would silently become "no value", so it is refused. */
export function encodeValue(value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) throw new TypeError('cache values must be JSON-serialisable; undefined is not');
  return text;
}

/**
 * Runs `work` once per key at a time: callers arriving while it runs share its promise. The
 * entry is dropped when it settles, so a rejection is never remembered.
 */
export function createSingleFlight() {
  const inflight = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const pending = inflight.get(key);
    if (pending) return pending as Promise<T>;
    const tracked = work().finally(() => {
      if (inflight.get(key) === tracked) inflight.delete(key);
    });
    inflight.set(key, tracked);
    return tracked;
  };
}

type Get = <T>(key: string) => Promise<T | undefined>;
type Set = (key: string, value: unknown, ttlMs: number) => Promise<void>;

/** `Cache.getOrSet` built on an adapter's own `get` and `set`, single-flight per key. */
export function createGetOrSet(get: Get, set: Set) {
  const singleFlight = createSingleFlight();
  return async function getOrSet<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const ttl = wholeMs(ttlMs, 'ttlMs');
    // The lookup is inside the flight too: a caller whose GET was still in the air when the
    // first load finished would otherwise miss and load a second time.
    return singleFlight(key, async () => {
      const hit = await get<T>(key);
      if (hit !== undefined) return hit;
      const value = await load();
      if (value !== undefined) await set(key, value, ttl);
      return value;
    });
  };
}
