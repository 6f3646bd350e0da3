import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { redisTestKeys, testRedisUrl } from '../../../test/support/services.js';
import { createManualClock } from '../clock/clock.js';
import { createRateLimiter } from './index.js';
import { describeRateLimiterContract } from './rate-limiter.contract.js';
import { createRedisRateLimiter } from './redis.rate-limiter.js';

const redisUrl = testRedisUrl();

// Every key this file writes lives under one run prefix, deleted afterwards.
const keys = redisTestKeys('ratelimit');
const freshPrefix = keys.freshPrefix;

// The same exact-arithmetic suite as the memory adapter: the script gets the manual clock's time.
describeRateLimiterContract('redis', () => {
  const clock = createManualClock();
  return {
    limiter: createRedisRateLimiter({ url: redisUrl, keyPrefix: freshPrefix(), clock }),
    elapse: (ms) => clock.advanceMs(ms),
  };
});

describe('redis rate limiter', () => {
  it('two limiters on one Redis and prefix draw from one bucket, even when racing', async () => {
    const prefix = freshPrefix();
    const a = createRedisRateLimiter({ url: redisUrl, keyPrefix: prefix });
    const b = createRedisRateLimiter({ url: redisUrl, keyPrefix: prefix });
    // One token per minute after the burst: no refill can happen during the test.
    const opts = { ratePerMinute: 1, burst: 5 };
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take('provider:lambda', opts)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toEqual({ ok: false, retryInMs: expect.any(Number) });
      if (!refused.ok) {
        expect(refused.retryInMs).toBeGreaterThan(0);
        expect(refused.retryInMs).toBeLessThanOrEqual(60_000);
      }
    }
    // Another provider's bucket is untouched.
    expect(await b.take('provider:vast', opts)).toEqual({ ok: true });
    await Promise.all([a.close(), b.close()]);
  });

  it("uses the server's TIME when no clock is given: the bucket refills in real time", async () => {
    const limiter = createRedisRateLimiter({ url: redisUrl, keyPrefix: freshPrefix() });
    // 6000 per minute: one token per 10 ms.
    const opts = { ratePerMinute: 6_000, burst: 1 };
    expect(await limiter.take('p', opts)).toEqual({ ok: true });
    const refused = await limiter.take('p', opts);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryInMs).toBeLessThanOrEqual(10);
    if (!refused.ok) await sleep(refused.retryInMs + 5);
    expect(await limiter.take('p', opts)).toEqual({ ok: true });
    await limiter.close();
  });

  it('stores the bucket under the prefixed key, expiring once it would be full again', async () => {
    const prefix = freshPrefix();
    const limiter = createRedisRateLimiter({ url: redisUrl, keyPrefix: prefix, clock: createManualClock() });
    await limiter.take('provider:lambda', { ratePerMinute: 60, burst: 5 });
    const stored = await keys.admin().hgetall(`${prefix}provider:lambda`);
    expect(Number(stored.tokens)).toBe(4);
    expect(Number(stored.at)).toBe(Date.UTC(2026, 0, 1));
    // One token short: full again in 1000 ms, plus a second of slack.
    const pttl = await keys.admin().pttl(`${prefix}provider:lambda`);
    expect(pttl).toBeGreaterThan(1_000);
    expect(pttl).toBeLessThanOrEqual(2_000);
    await limiter.close();
  });

  it('isolates limiters with different key prefixes', async () => {
    const a = createRedisRateLimiter({ url: redisUrl, keyPrefix: freshPrefix() });
    const b = createRedisRateLimiter({ url: redisUrl, keyPrefix: freshPrefix() });
    const opts = { ratePerMinute: 1, burst: 1 };
    expect(await a.take('k', opts)).toEqual({ ok: true });
    expect(await b.take('k', opts)).toEqual({ ok: true });
    expect((await a.take('k', opts)).ok).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });

  it('fails fast when Redis is unreachable', async () => {
    const errors: unknown[] = [];
    const limiter = createRedisRateLimiter({
      url: 'redis://127.0.0.1:1',
      onError: (err) => errors.push(err),
    });
    await expect(limiter.take('k', { ratePerMinute: 60 })).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    await limiter.close();
  });

  it('createRateLimiter with a Redis URL is the Redis limiter under the given prefix', async () => {
    const prefix = freshPrefix();
    const limiter = createRateLimiter({ redisUrl, keyPrefix: prefix, clock: createManualClock() });
    expect(limiter.kind).toBe('redis');
    await limiter.take('k', { ratePerMinute: 60, burst: 2 });
    expect(await keys.admin().exists(`${prefix}k`)).toBe(1);
    await limiter.close();
  });
});
