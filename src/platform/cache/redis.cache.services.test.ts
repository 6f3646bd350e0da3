import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { redisTestKeys, testRedisUrl } from '../../../test/support/services.js';
import { describeCacheContract } from './cache.contract.js';
import type { Cache } from './cache.port.js';
import { createCache } from './index.js';
import { createRedisCache } from './redis.cache.js';

const redisUrl = testRedisUrl();

// Every key this file writes lives under one run prefix, deleted afterwards.
const keys = redisTestKeys('cache');
const freshPrefix = keys.freshPrefix;

describeCacheContract('redis', () => ({
  cache: createRedisCache({ url: redisUrl, keyPrefix: freshPrefix() }),
  shortTtlMs: 300,
  // A few ms over: a timer may fire a millisecond early by Redis's clock.
  elapse: (ms) => sleep(ms + 10),
}));

describe('redis cache', () => {
  it('stores JSON text under the prefixed key with a PX expiry', async () => {
    const prefix = freshPrefix();
    const cache = createRedisCache({ url: redisUrl, keyPrefix: prefix });
    await cache.set('offer:1', { gpu: 'H100', cents: 199 }, 60_000);
    expect(await keys.admin().get(`${prefix}offer:1`)).toBe('{"gpu":"H100","cents":199}');
    const pttl = await keys.admin().pttl(`${prefix}offer:1`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await cache.increment('hits', 30_000);
    const windowLeft = await keys.admin().pttl(`${prefix}hits`);
    expect(windowLeft).toBeGreaterThan(0);
    expect(windowLeft).toBeLessThanOrEqual(30_000);
    await cache.close();
  });

  it('isolates caches with different key prefixes', async () => {
    const a = createRedisCache({ url: redisUrl, keyPrefix: freshPrefix() });
    const b = createRedisCache({ url: redisUrl, keyPrefix: freshPrefix() });
    await a.set('k', 'from a', 60_000);
    expect(await b.get('k')).toBeUndefined();
    await b.set('k', 'from b', 60_000);
    expect(await a.get('k')).toBe('from a');
    expect((await a.increment('n', 60_000)).count).toBe(1);
    expect((await b.increment('n', 60_000)).count).toBe(1);
    await b.delete('k');
    expect(await a.get('k')).toBe('from a');
    await Promise.all([a.close(), b.close()]);
  });

  it('shares values and counters between two instances on one prefix', async () => {
    const prefix = freshPrefix();
    const a = createRedisCache({ url: redisUrl, keyPrefix: prefix });
    const b = createRedisCache({ url: redisUrl, keyPrefix: prefix });
    await a.set('k', { v: 1 }, 60_000);
    expect(await b.get('k')).toEqual({ v: 1 });
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).increment('n', 60_000).then((r) => r.count)),
    );
    expect(counts.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await Promise.all([a.close(), b.close()]);
  });

  it('fails fast instead of hanging when Redis is unreachable', async () => {
    // Port 1 on loopback refuses connections at once.
    const errors: unknown[] = [];
    const cache: Cache = createRedisCache({ url: 'redis://127.0.0.1:1', onError: (err) => errors.push(err) });
    await expect(cache.ping()).rejects.toThrow();
    await expect(cache.get('k')).rejects.toThrow();
    await expect(cache.set('k', 1, 1_000)).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    await cache.close();
  });

  it('rejects a command after commandTimeoutMs when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const cache = createRedisCache({ url: `redis://127.0.0.1:${address.port}`, commandTimeoutMs: 200 });
    await expect(cache.get('k')).rejects.toThrow('timed out');
    await expect(cache.ping()).rejects.toThrow('timed out');
    await cache.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('createCache with a Redis URL is the Redis cache under the given prefix', async () => {
    const prefix = freshPrefix();
    const cache = createCache({ redisUrl, keyPrefix: prefix });
    expect(cache.kind).toBe('redis');
    await cache.set('k', true, 60_000);
    expect(await keys.admin().get(`${prefix}k`)).toBe('true');
    await cache.close();
  });
});
