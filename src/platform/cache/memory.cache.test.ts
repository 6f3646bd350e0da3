import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock/clock.js';
import { describeCacheContract } from './cache.contract.js';
import { createCache } from './index.js';
import { createMemoryCache } from './memory.cache.js';

describeCacheContract('memory', () => {
  const clock = createManualClock();
  return {
    cache: createMemoryCache({ clock }),
    shortTtlMs: 1_000,
    elapse: async (ms) => clock.advanceMs(ms),
  };
});

describe('memory cache', () => {
  it('keeps a value through the last millisecond of its TTL and drops it after', async () => {
    const clock = createManualClock();
    const cache = createMemoryCache({ clock });
    await cache.set('k', 'v', 1_000);
    clock.advanceMs(1_000);
    expect(await cache.get('k')).toBe('v');
    clock.advanceMs(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('reports exactly the time left in a fixed window and opens a new one after it', async () => {
    const clock = createManualClock();
    const cache = createMemoryCache({ clock });
    expect(await cache.increment('ip:1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    clock.advanceMs(10_000);
    expect(await cache.increment('ip:1', 60_000)).toEqual({ count: 2, resetInMs: 50_000 });
    clock.advanceMs(50_001);
    expect(await cache.increment('ip:1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('rounds a fractional TTL up to whole milliseconds', async () => {
    const clock = createManualClock();
    const cache = createMemoryCache({ clock });
    await cache.set('k', 'v', 0.2);
    clock.advanceMs(1);
    expect(await cache.get('k')).toBe('v');
    clock.advanceMs(1);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ clock: createManualClock(), maxEntries: 3 });
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.set('c', 3, 60_000);
    expect(await cache.get('a')).toBe(1);
    await cache.set('d', 4, 60_000);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
    expect(await cache.get('d')).toBe(4);
  });

  it('refuses every operation once closed', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 'v', 60_000);
    await cache.close();
    await expect(cache.get('k')).rejects.toThrow('closed');
    await expect(cache.set('k', 'v', 60_000)).rejects.toThrow('closed');
    await expect(cache.increment('k', 60_000)).rejects.toThrow('closed');
    await expect(cache.close()).resolves.toBeUndefined();
  });

  it('createCache without a Redis URL is the in-process cache, driven by the given clock', async () => {
    const clock = createManualClock();
    const cache = createCache({ clock, maxEntries: 1 });
    expect(cache.kind).toBe('memory');
    await cache.set('a', 1, 1_000);
    await cache.set('b', 2, 1_000);
    expect(await cache.get('a')).toBeUndefined();
    clock.advanceMs(1_001);
    expect(await cache.get('b')).toBeUndefined();
    await cache.close();
  });
});
