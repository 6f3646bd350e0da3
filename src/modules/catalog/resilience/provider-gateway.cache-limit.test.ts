import { describe, expect, it, vi } from 'vitest';
import { createMemoryRateLimiter, type RateLimiter } from '../../../platform/ratelimit/index.js';
import { gatewayOver, OFFER_A, OFFER_B, page } from './gateway.test-support.js';
import { ProviderRateLimitedError, providerFailureCode } from './gateway-errors.js';

describe('provider gateway: 60 s pricing cache', () => {
  it('serves the second call from the cache without a request, under catalog:offers:<id>', async () => {
    const { gateway, server, cache } = await gatewayOver([page([OFFER_A]), page([OFFER_B])]);
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(server.requests).toHaveLength(1);
    expect(await cache.get('catalog:offers:lambda')).toEqual([OFFER_A]);
  });

  it('fetches again once the 60 s are over', async () => {
    const { gateway, server, clock } = await gatewayOver([page([OFFER_A]), page([OFFER_B])]);
    await gateway.fetchOffers();
    clock.advanceMs(60_000);
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    clock.advanceMs(1);
    expect(await gateway.fetchOffers()).toEqual([OFFER_B]);
    expect(server.requests).toHaveLength(2);
  });

  it('fresh bypasses the cached copy and replaces it', async () => {
    const { gateway, server, cache } = await gatewayOver([page([OFFER_A]), page([OFFER_B])]);
    await gateway.fetchOffers();
    expect(await gateway.fetchOffers({ fresh: true })).toEqual([OFFER_B]);
    expect(server.requests).toHaveLength(2);
    expect(await cache.get('catalog:offers:lambda')).toEqual([OFFER_B]);
    expect(await gateway.fetchOffers()).toEqual([OFFER_B]);
  });

  it('caches no failure: the next call asks the provider again', async () => {
    const { gateway, server } = await gatewayOver([{ status: 404 }, page([OFFER_A])]);
    await expect(gateway.fetchOffers()).rejects.toMatchObject({ status: 404 });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(server.requests).toHaveLength(2);
  });
});

describe('provider gateway: token bucket per provider', () => {
  it('takes one token per HTTP request from provider:<id> at the configured rate', async () => {
    const take = vi.fn<RateLimiter['take']>(async () => ({ ok: true }));
    const { gateway } = await gatewayOver([page([OFFER_A], '/offers?page=2'), page([OFFER_B])], {
      deps: { limiter: { take } },
      config: { ratePerMinute: 42 },
    });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A, OFFER_B]);
    expect(take.mock.calls).toEqual([
      ['provider:lambda', { ratePerMinute: 42 }],
      ['provider:lambda', { ratePerMinute: 42 }],
    ]);
  });

  it('waits for the next token when it is due soon, then sends the request', async () => {
    const take = vi
      .fn<RateLimiter['take']>()
      .mockResolvedValueOnce({ ok: false, retryInMs: 15 })
      .mockResolvedValueOnce({ ok: false, retryInMs: 10 })
      .mockResolvedValue({ ok: true });
    const { gateway, server } = await gatewayOver([page([OFFER_A])], { deps: { limiter: { take } } });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(take).toHaveBeenCalledTimes(3);
    expect(server.requests).toHaveLength(1);
  });

  it('fails fast with rate_limited when the wait would exceed maxWaitMs, without a request or retry', async () => {
    const limiter = createMemoryRateLimiter();
    const { gateway, server, retries } = await gatewayOver([page([OFFER_A])], {
      deps: { limiter, rateLimit: { maxWaitMs: 100 } },
      config: { ratePerMinute: 1 },
    });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    const err = await gateway.fetchOffers({ fresh: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRateLimitedError);
    expect(providerFailureCode(err)).toBe('rate_limited');
    expect((err as ProviderRateLimitedError).retryInMs).toBeGreaterThan(100);
    expect(server.requests).toHaveLength(1);
    expect(retries()).toEqual([]);
  });

  it('sends the request anyway when the limiter itself fails, and logs it', async () => {
    const take = vi.fn<RateLimiter['take']>(async () => {
      throw new Error('redis down');
    });
    const { gateway, server, logs } = await gatewayOver([page([OFFER_A])], { deps: { limiter: { take } } });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(server.requests).toHaveLength(1);
    expect(logs.map((l) => l.m)).toContain('rate limiter unavailable: request sent without a token');
  });
});
