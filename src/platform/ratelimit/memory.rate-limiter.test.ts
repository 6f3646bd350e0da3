import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock/clock.js';
import { createRateLimiter } from './index.js';
import { createMemoryRateLimiter } from './memory.rate-limiter.js';
import { describeRateLimiterContract } from './rate-limiter.contract.js';

describeRateLimiterContract('memory', () => {
  const clock = createManualClock();
  return { limiter: createMemoryRateLimiter({ clock }), elapse: (ms) => clock.advanceMs(ms) };
});

describe('memory rate limiter', () => {
  it('refills nothing when the clock goes back, and resumes from the later time', async () => {
    const clock = createManualClock(10_000);
    const limiter = createMemoryRateLimiter({ clock });
    const opts = { ratePerMinute: 60, burst: 1 };
    await limiter.take('p', opts);
    clock.set(5_000);
    expect(await limiter.take('p', opts)).toEqual({ ok: false, retryInMs: 1_000 });
    clock.set(11_000);
    expect(await limiter.take('p', opts)).toEqual({ ok: true });
  });

  it('forgets the least recently used bucket beyond maxBuckets (it comes back full)', async () => {
    const limiter = createMemoryRateLimiter({ clock: createManualClock(), maxBuckets: 1 });
    const opts = { ratePerMinute: 60, burst: 1 };
    await limiter.take('a', opts);
    expect((await limiter.take('a', opts)).ok).toBe(false);
    await limiter.take('b', opts);
    expect(await limiter.take('a', opts)).toEqual({ ok: true });
  });

  it('createRateLimiter without a Redis URL is the in-process limiter on the given clock', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ redisUrl: null, clock });
    expect(limiter.kind).toBe('memory');
    const opts = { ratePerMinute: 60, burst: 1 };
    await limiter.take('p', opts);
    expect((await limiter.take('p', opts)).ok).toBe(false);
    clock.advanceMs(1_000);
    expect(await limiter.take('p', opts)).toEqual({ ok: true });
    await limiter.close();
  });
});
