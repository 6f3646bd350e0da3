import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { gatewayOver, OFFER_A, page } from './gateway.test-support.js';
import { CircuitOpenError, providerFailureCode } from './gateway-errors.js';
import type { CircuitStatus } from './gateway-policies.js';

describe('provider gateway: circuit breaker', () => {
  it('opens after N failed fetches (each after its retries), fails fast, half-opens and closes on success', async () => {
    const { gateway, server } = await gatewayOver(
      [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, page([OFFER_A])],
      {
        deps: {
          retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
          breaker: { consecutiveFailures: 2, halfOpenAfterMs: 40 },
        },
      },
    );
    const changes: CircuitStatus[] = [];
    gateway.onCircuitChange((s) => changes.push(s));

    await expect(gateway.fetchOffers()).rejects.toMatchObject({ status: 500 });
    expect(gateway.circuit()).toBe('closed');
    await expect(gateway.fetchOffers()).rejects.toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(4);
    expect(gateway.circuit()).toBe('open');
    expect(changes).toEqual(['open']);

    const rejected = await gateway.fetchOffers().catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(CircuitOpenError);
    expect(providerFailureCode(rejected)).toBe('circuit_open');
    expect(server.requests).toHaveLength(4);

    await sleep(60);
    expect(gateway.circuit()).toBe('half_open');
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    expect(server.requests).toHaveLength(5);
    expect(gateway.circuit()).toBe('closed');
    expect(changes).toEqual(['open', 'half_open', 'closed']);
  });

  it('opens on timeouts, and a failed trial opens it again', async () => {
    const { gateway, server, logs } = await gatewayOver(['hang'], {
      config: { timeoutMs: 100 },
      deps: {
        retry: { maxAttempts: 1 },
        breaker: { consecutiveFailures: 1, halfOpenAfterMs: 50 },
      },
    });
    const changes: CircuitStatus[] = [];
    const unsubscribe = gateway.onCircuitChange((s) => changes.push(s));
    await expect(gateway.fetchOffers()).rejects.toMatchObject({ code: 'timeout' });
    expect(gateway.circuit()).toBe('open');
    expect(logs).toContainEqual({
      level: 'warn',
      o: { provider: 'lambda', code: 'timeout', halfOpenAfterMs: 50 },
      m: 'provider circuit opened',
    });
    await sleep(70);
    await expect(gateway.fetchOffers()).rejects.toMatchObject({ code: 'timeout' });
    expect(changes).toEqual(['open', 'half_open', 'open']);
    await expect(gateway.fetchOffers()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(server.requests).toHaveLength(2);
    unsubscribe();
    await sleep(70);
    await gateway.fetchOffers().catch(() => undefined);
    expect(changes).toEqual(['open', 'half_open', 'open']);
  });

  it('does not count failures a retry cannot fix (401): the breaker stays closed', async () => {
    const { gateway, server } = await gatewayOver([{ status: 401 }], {
      deps: { breaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 } },
    });
    for (let i = 0; i < 3; i++) await expect(gateway.fetchOffers()).rejects.toMatchObject({ status: 401 });
    expect(gateway.circuit()).toBe('closed');
    expect(server.requests).toHaveLength(3);
  });

  it('a success resets the count of consecutive failures', async () => {
    const { gateway } = await gatewayOver([{ status: 500 }, page([OFFER_A]), { status: 500 }], {
      deps: { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } },
    });
    await expect(gateway.fetchOffers()).rejects.toMatchObject({ status: 500 });
    expect(await gateway.fetchOffers()).toEqual([OFFER_A]);
    await expect(gateway.fetchOffers({ fresh: true })).rejects.toMatchObject({ status: 500 });
    expect(gateway.circuit()).toBe('closed');
    await expect(gateway.fetchOffers({ fresh: true })).rejects.toMatchObject({ status: 500 });
    expect(gateway.circuit()).toBe('open');
  });
});
