import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from './rate-limiter.port.js';

/** One adapter under the contract suite, driven by a manual clock. */
export interface RateLimiterHarness {
  limiter: RateLimiter;
  /** Moves the limiter's clock forward by `ms`. */
  elapse(ms: number): void;
}

const takeMany = async (
  limiter: RateLimiter,
  key: string,
  n: number,
  opts: Parameters<RateLimiter['take']>[1],
) => {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await limiter.take(key, opts));
  return results;
};

/**
 * The behaviour every `RateLimiter` adapter must share. `open` is called before each test and
 * must return a limiter with no buckets.
 */
export function describeRateLimiterContract(
  name: string,
  open: () => Promise<RateLimiterHarness> | RateLimiterHarness,
): void {
  describe(`RateLimiter contract: ${name}`, () => {
    let h: RateLimiterHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.limiter.close();
    });

    it('lets a full bucket spend its burst at once, then says when the next token is back', async () => {
      const opts = { ratePerMinute: 60, burst: 3 };
      expect(await takeMany(h.limiter, 'p', 3, opts)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      // 60 per minute: one token per 1000 ms.
      expect(await h.limiter.take('p', opts)).toEqual({ ok: false, retryInMs: 1_000 });
    });

    it('refills by elapsed time, one token per 60 000 / ratePerMinute ms', async () => {
      const opts = { ratePerMinute: 60, burst: 1 };
      expect(await h.limiter.take('p', opts)).toEqual({ ok: true });
      h.elapse(400);
      expect(await h.limiter.take('p', opts)).toEqual({ ok: false, retryInMs: 600 });
      h.elapse(599);
      expect(await h.limiter.take('p', opts)).toEqual({ ok: false, retryInMs: 1 });
      h.elapse(1);
      expect(await h.limiter.take('p', opts)).toEqual({ ok: true });
      expect(await h.limiter.take('p', opts)).toEqual({ ok: false, retryInMs: 1_000 });
    });

    it('a refused take spends nothing: the wait it reports is enough', async () => {
      const opts = { ratePerMinute: 120, burst: 1 };
      await h.limiter.take('p', opts);
      for (let i = 0; i < 5; i++)
        expect(await h.limiter.take('p', opts)).toEqual({ ok: false, retryInMs: 500 });
      h.elapse(500);
      expect(await h.limiter.take('p', opts)).toEqual({ ok: true });
    });

    it('never refills beyond the burst, however long the bucket was idle', async () => {
      const opts = { ratePerMinute: 600, burst: 2 };
      await takeMany(h.limiter, 'p', 2, opts);
      h.elapse(3_600_000);
      const results = await takeMany(h.limiter, 'p', 3, opts);
      expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    });

    it('defaults the burst to one minute of tokens', async () => {
      const results = await takeMany(h.limiter, 'p', 6, { ratePerMinute: 5 });
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false]);
      expect(results[5]).toEqual({ ok: false, retryInMs: 12_000 });
    });

    it('keeps one bucket per key', async () => {
      const opts = { ratePerMinute: 60, burst: 1 };
      expect(await h.limiter.take('provider:a', opts)).toEqual({ ok: true });
      expect((await h.limiter.take('provider:a', opts)).ok).toBe(false);
      expect(await h.limiter.take('provider:b', opts)).toEqual({ ok: true });
    });

    it('handles rates below one per minute (the default burst is at least 1)', async () => {
      const opts = { ratePerMinute: 0.5 };
      expect(await h.limiter.take('slow', opts)).toEqual({ ok: true });
      expect(await h.limiter.take('slow', opts)).toEqual({ ok: false, retryInMs: 120_000 });
      h.elapse(120_000);
      expect(await h.limiter.take('slow', opts)).toEqual({ ok: true });
    });

    it('applies a lowered burst to a bucket that was fuller', async () => {
      expect(await h.limiter.take('p', { ratePerMinute: 60, burst: 10 })).toEqual({ ok: true });
      const lowered = await takeMany(h.limiter, 'p', 3, { ratePerMinute: 60, burst: 2 });
      expect(lowered.map((r) => r.ok)).toEqual([true, true, false]);
    });

    it('rejects bad options with a RangeError', async () => {
      for (const bad of [
        { ratePerMinute: 0 },
        { ratePerMinute: -1 },
        { ratePerMinute: Number.NaN },
        { ratePerMinute: Number.POSITIVE_INFINITY },
        { ratePerMinute: 60, burst: 0.5 },
        { ratePerMinute: 60, burst: Number.NaN },
      ]) {
        await expect(h.limiter.take('p', bad)).rejects.toThrow(RangeError);
      }
    });

    it('rejects takes once closed', async () => {
      await h.limiter.close();
      await expect(h.limiter.take('p', { ratePerMinute: 60 })).rejects.toThrow();
      await expect(h.limiter.close()).resolves.toBeUndefined();
    });
  });
}
