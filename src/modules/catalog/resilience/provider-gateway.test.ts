import { describe, expect, it, vi } from 'vitest';
import { ProviderHttpError } from '../catalog.types.js';
import { gatewayOver, OFFER_A, OFFER_B, page, standInAdapter } from './gateway.test-support.js';
import { ProviderTimeoutError, providerFailureCode } from './gateway-errors.js';

const failure = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  return { err, code: providerFailureCode(err) };
};

describe('provider gateway: retries and timeouts over real HTTP', () => {
  it('retries 5xx and returns the offers of the attempt that succeeds', async () => {
    const { gateway, server, retries } = await gatewayOver([
      { status: 500 },
      { status: 503 },
      page([OFFER_A]),
    ]);
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(server.requests).toHaveLength(3);
    expect(retries()).toEqual([
      expect.objectContaining({ attempt: 1, status: 500, code: 'provider_error' }),
      expect.objectContaining({ attempt: 2, status: 503, code: 'provider_error' }),
    ]);
  });

  it('gives up after maxAttempts calls and rejects with the last HTTP error', async () => {
    const { gateway, server } = await gatewayOver([
      { status: 500 },
      { status: 500 },
      { status: 502 },
      page([]),
    ]);
    const { err, code } = await failure(gateway.fetchOffers());
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect((err as ProviderHttpError).status).toBe(502);
    expect(code).toBe('provider_error');
    expect(server.requests).toHaveLength(3);
  });

  it.each([401, 403, 404])('does not retry a %i', async (status) => {
    const { gateway, server, retries } = await gatewayOver([{ status }, page([OFFER_A])]);
    const { err } = await failure(gateway.fetchOffers());
    expect((err as ProviderHttpError).status).toBe(status);
    expect(server.requests).toHaveLength(1);
    expect(retries()).toEqual([]);
  });

  it('honours Retry-After of a 429 as the delay before the next attempt', async () => {
    const { gateway, server, retries } = await gatewayOver(
      [{ status: 429, headers: { 'retry-after': '0.03' } }, page([OFFER_A])],
      { deps: { retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1_000 } } },
    );
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(server.requests).toHaveLength(2);
    expect(retries()).toEqual([
      expect.objectContaining({ status: 429, code: 'provider_rate_limited', delayMs: 30 }),
    ]);
  });

  it('caps a Retry-After longer than maxDelayMs', async () => {
    const { gateway, retries } = await gatewayOver(
      [{ status: 503, headers: { 'retry-after': '120' } }, page([OFFER_A])],
      { deps: { retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 25 } } },
    );
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(retries()).toEqual([expect.objectContaining({ status: 503, delayMs: 25 })]);
  });

  it('retries network errors (nothing listening)', async () => {
    const { gateway, retries } = await gatewayOver([page([])], { config: { baseUrl: 'http://127.0.0.1:1' } });
    const { err, code } = await failure(gateway.fetchOffers());
    expect((err as ProviderHttpError).status).toBeNull();
    expect(code).toBe('network_error');
    expect(retries().map((r) => r.code)).toEqual(['network_error', 'network_error']);
  });

  it('aborts an attempt at timeoutMs (the server sees the socket closed) and retries it', async () => {
    const { gateway, server, retries } = await gatewayOver(['hang', page([OFFER_A])], {
      config: { timeoutMs: 100 },
    });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(retries()).toEqual([expect.objectContaining({ attempt: 1, code: 'timeout' })]);
    await vi.waitFor(() => expect(server.requests[0]?.outcome).toBe('closed'));
    expect(server.requests[1]?.outcome).toBe('answered');
  });

  it('rejects with ProviderTimeoutError when the last attempt times out', async () => {
    const { gateway, server } = await gatewayOver(['hang'], {
      config: { timeoutMs: 100 },
      deps: { retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } },
    });
    const { err, code } = await failure(gateway.fetchOffers());
    expect(err).toBeInstanceOf(ProviderTimeoutError);
    expect(code).toBe('timeout');
    expect(server.requests).toHaveLength(2);
    await vi.waitFor(() => expect(server.requests.map((r) => r.outcome)).toEqual(['closed', 'closed']));
  });

  it('a body the adapter cannot read is bad_response and is not retried', async () => {
    const { gateway, server } = await gatewayOver([{ status: 200, body: { unexpected: true } }]);
    const { code } = await failure(gateway.fetchOffers());
    expect(code).toBe('bad_response');
    expect(server.requests).toHaveLength(1);
  });
});

describe('provider gateway: configuration', () => {
  it("uses the adapter's default base URL when base_url is null, and sends the credential", async () => {
    const first = await gatewayOver([page([OFFER_A])]);
    const { gateway } = await gatewayOver([page([])], {
      deps: { adapter: standInAdapter(first.server.baseUrl) },
      config: { baseUrl: null, credential: 'secret-1' },
    });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(first.server.requests[0]?.headers.authorization).toBe('Bearer secret-1');
  });

  it('reads the config again for every fetch', async () => {
    const a = await gatewayOver([page([OFFER_A])]);
    const b = await gatewayOver([page([OFFER_B])]);
    let baseUrl = a.server.baseUrl;
    const { gateway } = await gatewayOver([page([])], {
      deps: {
        config: () => ({ baseUrl, credential: null, timeoutMs: 1_000, ratePerMinute: 600, usdPerEur: 1 }),
      },
    });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    baseUrl = b.server.baseUrl;
    expect(await gateway.fetchOffers({ fresh: true })).toEqual([OFFER_B]);
  });

  it('without any base URL, an adapter that needs HTTP fails as misconfigured; one that does not still works', async () => {
    const { gateway } = await gatewayOver([page([])], { config: { baseUrl: null } });
    expect((await failure(gateway.fetchOffers())).code).toBe('misconfigured');
    const offline = await gatewayOver([page([])], {
      config: { baseUrl: null },
      deps: { adapter: { ...standInAdapter(), listOffers: async () => [OFFER_B] } },
    });
    expect(await offline.gateway.fetchOffers()).toEqual([OFFER_B]);
    expect(offline.server.requests).toHaveLength(0);
  });

  it('an adapter that needs a key is not called without one: not_configured, no retry, breaker untouched', async () => {
    const { gateway, server } = await gatewayOver([page([OFFER_A])], {
      config: { credential: null },
      deps: { adapter: standInAdapter(null, 'required') },
    });
    for (let i = 0; i < 5; i++) {
      const { err, code } = await failure(gateway.fetchOffers({ fresh: true }));
      expect(code).toBe('not_configured');
      expect((err as Error).message).toBe(
        'lambda: no API key; set providers.lambda.api_key or disable the provider',
      );
    }
    expect(server.requests).toHaveLength(0);
    expect(gateway.circuit()).toBe('closed');
    const keyed = await gatewayOver([page([OFFER_A])], {
      config: { credential: 'k-1' },
      deps: { adapter: standInAdapter(null, 'required') },
    });
    expect(await keyed.gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(keyed.server.requests[0]?.headers.authorization).toBe('Bearer k-1');
  });

  it('hands the adapter the key and the EUR rate in effect (catalog.usd_per_eur)', async () => {
    const seen: Array<{ credential: string | null; usdPerEur: number }> = [];
    const { gateway } = await gatewayOver([page([])], {
      config: { credential: 'k-2', usdPerEur: 1.25 },
      deps: {
        adapter: {
          ...standInAdapter(),
          listOffers: async (ctx) => {
            seen.push({ credential: ctx.credential, usdPerEur: ctx.usdPerEur });
            return [OFFER_A];
          },
        },
      },
    });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(seen).toEqual([{ credential: 'k-2', usdPerEur: 1.25 }]);
  });

  it('refuses maxAttempts below 1', async () => {
    await expect(gatewayOver([page([])], { deps: { retry: { maxAttempts: 0 } } })).rejects.toThrow(
      RangeError,
    );
  });
});
