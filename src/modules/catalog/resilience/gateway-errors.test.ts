import { BrokenCircuitError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../catalog.types.js';
import {
  CircuitOpenError,
  isTransient,
  ProviderGatewayError,
  ProviderRateLimitedError,
  ProviderTimeoutError,
  providerFailureCode,
} from './gateway-errors.js';
import { retryAfterBackoff } from './gateway-policies.js';

const http = (status: number | null, retryAfterMs: number | null = null) =>
  new ProviderHttpError('x', status, retryAfterMs);

describe('provider failure codes', () => {
  it.each([
    [new CircuitOpenError('lambda'), 'circuit_open'],
    [new BrokenCircuitError(), 'circuit_open'],
    [new ProviderTimeoutError('lambda', 100, null), 'timeout'],
    [new ProviderRateLimitedError('lambda', 5_000), 'rate_limited'],
    [new ProviderGatewayError('bad_response', 'lambda', 'x'), 'bad_response'],
    [http(null), 'network_error'],
    [http(401), 'unauthorized'],
    [http(403), 'unauthorized'],
    [http(429), 'provider_rate_limited'],
    [http(500), 'provider_error'],
    [http(503), 'provider_error'],
    [http(404), 'http_error'],
    [http(200), 'bad_response'],
    [new Error('redis down'), 'unknown'],
    ['a string', 'unknown'],
  ] as const)('%o → %s', (err, code) => {
    expect(providerFailureCode(err)).toBe(code);
  });

  it('treats only no-answer, timeout, 408, 429 and 5xx as transient', () => {
    const transient = [
      http(null),
      http(408),
      http(429),
      http(500),
      http(504),
      new ProviderTimeoutError('x', 1, null),
    ];
    const permanent = [
      http(400),
      http(401),
      http(403),
      http(404),
      http(200),
      new ProviderRateLimitedError('x', 1),
      new Error('bad body'),
    ];
    expect(transient.map(isTransient)).toEqual(transient.map(() => true));
    expect(permanent.map(isTransient)).toEqual(permanent.map(() => false));
  });
});

describe('retry backoff', () => {
  const ctx = (error: Error, attempt = 1) => ({
    attempt,
    signal: new AbortController().signal,
    result: { error },
  });

  it('grows with jitter within maxDelayMs when the provider gives no Retry-After', () => {
    let backoff = retryAfterBackoff(10, 200).next(ctx(http(500)));
    const delays = [backoff.duration];
    for (let i = 2; i <= 8; i++) {
      backoff = backoff.next(ctx(http(500), i));
      delays.push(backoff.duration);
    }
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(200);
    }
    expect(Math.max(...delays)).toBeGreaterThan(10);
  });

  it("uses the provider's Retry-After, capped, and goes back to backoff after it", () => {
    const first = retryAfterBackoff(10, 1_000).next(ctx(http(429, 300)));
    expect(first.duration).toBe(300);
    const second = first.next(ctx(http(503, 5_000), 2));
    expect(second.duration).toBe(1_000);
    const third = second.next(ctx(http(500), 3));
    expect(third.duration).toBeLessThanOrEqual(1_000);
    expect(third.duration).not.toBe(300);
  });
});
