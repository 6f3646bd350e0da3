import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from './cache.port.js';

/** One adapter under the contract suite. */
export interface CacheHarness {
  cache: Cache;
  /** A TTL (ms) short enough to wait out in a test, long enough for a few round trips. */
  shortTtlMs: number;
  /** Lets at least `ms` of cache time pass: moves a manual clock, or sleeps for a real server. */
  elapse(ms: number): Promise<void>;
}

const LONG_MS = 60_000;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * The behaviour every `Cache` adapter must share, so code tested on the embedded cache behaves
 * the same on Redis. `open` is called before each test and must return an empty cache.
 */
export function describeCacheContract(name: string, open: () => Promise<CacheHarness> | CacheHarness): void {
  describe(`Cache contract: ${name}`, () => {
    let h: CacheHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.cache.close();
    });

    it('gets what was set, replaces it, and forgets it on delete', async () => {
      const { cache } = h;
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 'one', LONG_MS);
      expect(await cache.get('k')).toBe('one');
      await cache.set('k', 'two', LONG_MS);
      expect(await cache.get('k')).toBe('two');
      await cache.delete('k');
      expect(await cache.get('k')).toBeUndefined();
      await expect(cache.delete('never-set')).resolves.toBeUndefined();
    });

    it('round-trips nested values through JSON and hands out copies', async () => {
      const value = {
        a: { b: [1, 'x', null, { c: true }] },
        n: 1.5,
        s: 'été',
        at: new Date(Date.UTC(2026, 0, 2)),
      };
      await h.cache.set('obj', value, LONG_MS);
      value.a.b.push('added after set');
      const got = await h.cache.get<{ a: { b: unknown[] }; at: unknown }>('obj');
      expect(got).toEqual({
        a: { b: [1, 'x', null, { c: true }] },
        n: 1.5,
        s: 'été',
        at: '2026-01-02T00:00:00.000Z',
      });
      got?.a.b.push('mutated copy');
      expect(await h.cache.get('obj')).toEqual(
        expect.objectContaining({ a: { b: [1, 'x', null, { c: true }] } }),
      );
      await h.cache.set('falsy', 0, LONG_MS);
      expect(await h.cache.get('falsy')).toBe(0);
      await h.cache.set('null', null, LONG_MS);
      expect(await h.cache.get('null')).toBeNull();
    });

    it('rejects undefined values and non-positive TTLs', async () => {
      await expect(h.cache.set('k', undefined, LONG_MS)).rejects.toThrow(TypeError);
      await expect(h.cache.set('k', 1, 0)).rejects.toThrow(RangeError);
      await expect(h.cache.set('k', 1, -5)).rejects.toThrow(RangeError);
      await expect(h.cache.set('k', 1, Number.NaN)).rejects.toThrow(RangeError);
      await expect(h.cache.increment('k', 0)).rejects.toThrow(RangeError);
      expect(await h.cache.get('k')).toBeUndefined();
    });

    it('expires a value after its TTL while a longer-lived one stays', async () => {
      await h.cache.set('short', 's', h.shortTtlMs);
      await h.cache.set('long', 'l', LONG_MS);
      await h.elapse(h.shortTtlMs + 1);
      expect(await h.cache.get('short')).toBeUndefined();
      expect(await h.cache.get('long')).toBe('l');
    });

    it('getOrSet loads on a miss, stores the result and serves it afterwards', async () => {
      const load = vi.fn(async () => ({ offers: [1, 2] }));
      expect(await h.cache.getOrSet('offers', LONG_MS, load)).toEqual({ offers: [1, 2] });
      expect(await h.cache.getOrSet('offers', LONG_MS, load)).toEqual({ offers: [1, 2] });
      expect(await h.cache.get('offers')).toEqual({ offers: [1, 2] });
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('getOrSet shares one load between concurrent callers of one key', async () => {
      const gate = deferred<void>();
      const load = vi.fn(async () => {
        await gate.promise;
        return { n: 42 };
      });
      const calls = Array.from({ length: 10 }, () => h.cache.getOrSet('shared', LONG_MS, load));
      gate.resolve();
      const results = await Promise.all(calls);
      expect(results).toEqual(Array.from({ length: 10 }, () => ({ n: 42 })));
      expect(load).toHaveBeenCalledTimes(1);
      const other = vi.fn(async () => 'other');
      expect(await h.cache.getOrSet('another-key', LONG_MS, other)).toBe('other');
      expect(other).toHaveBeenCalledTimes(1);
    });

    it('getOrSet does not cache a rejected load: the next call loads again', async () => {
      const failing = vi.fn(async () => {
        throw new Error('provider down');
      });
      const concurrent = [h.cache.getOrSet('k', LONG_MS, failing), h.cache.getOrSet('k', LONG_MS, failing)];
      for (const call of concurrent) await expect(call).rejects.toThrow('provider down');
      expect(failing).toHaveBeenCalledTimes(1);
      expect(await h.cache.get('k')).toBeUndefined();
      const working = vi.fn(async () => 'fresh');
      expect(await h.cache.getOrSet('k', LONG_MS, working)).toBe('fresh');
      expect(await h.cache.getOrSet('k', LONG_MS, working)).toBe('fresh');
      expect(working).toHaveBeenCalledTimes(1);
    });

    it('getOrSet returns but does not store an undefined load result', async () => {
      const load = vi.fn(async () => undefined);
      expect(await h.cache.getOrSet('nothing', LONG_MS, load)).toBeUndefined();
      expect(await h.cache.getOrSet('nothing', LONG_MS, load)).toBeUndefined();
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('getOrSet loads again once the stored value expired', async () => {
      let n = 0;
      const load = async () => ++n;
      expect(await h.cache.getOrSet('counter', h.shortTtlMs, load)).toBe(1);
      await h.elapse(h.shortTtlMs + 1);
      expect(await h.cache.getOrSet('counter', h.shortTtlMs, load)).toBe(2);
    });

    it('increment counts within a window and reports the time left', async () => {
      const first = await h.cache.increment('hits', LONG_MS);
      expect(first.count).toBe(1);
      expect(first.resetInMs).toBeGreaterThan(0);
      expect(first.resetInMs).toBeLessThanOrEqual(LONG_MS);
      expect((await h.cache.increment('hits', LONG_MS)).count).toBe(2);
      expect((await h.cache.increment('hits', LONG_MS)).count).toBe(3);
      expect((await h.cache.increment('other-hits', LONG_MS)).count).toBe(1);
      expect(await h.cache.get('hits')).toBe(3);
    });

    it('increment keeps a fixed window: later hits do not extend it', async () => {
      const window = h.shortTtlMs;
      expect((await h.cache.increment('login', window)).count).toBe(1);
      await h.elapse(window / 2);
      expect((await h.cache.increment('login', window)).count).toBe(2);
      // Past the first hit's window but inside a window a sliding (broken) counter would have.
      await h.elapse(window / 2 + 1);
      const next = await h.cache.increment('login', window);
      expect(next.count).toBe(1);
      expect(next.resetInMs).toBeGreaterThan(window / 2);
    });

    it('increment continues a number stored by set and rejects a non-integer value', async () => {
      await h.cache.set('n', 5, LONG_MS);
      expect((await h.cache.increment('n', LONG_MS)).count).toBe(6);
      await h.cache.set('obj', { a: 1 }, LONG_MS);
      await expect(h.cache.increment('obj', LONG_MS)).rejects.toThrow();
      expect(await h.cache.get('obj')).toEqual({ a: 1 });
    });

    it('pings while open and rejects once closed', async () => {
      await expect(h.cache.ping()).resolves.toBeUndefined();
      await h.cache.close();
      await expect(h.cache.ping()).rejects.toThrow();
    });
  });
}
