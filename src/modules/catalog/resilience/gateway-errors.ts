import { isBrokenCircuitError } from 'cockatiel';
import { ProviderHttpError } from '../catalog.types.js';

/**
 * Why a provider fetch failed, for the sync to record and `GET /providers` to summarise. Closed
 * list: `circuit_open` (not attempted, the breaker is open), `timeout` (the last attempt ran out
 * of time), `rate_limited` (our own token bucket was empty for longer than the gateway may wait),
 * `provider_rate_limited` (the provider answered 429), `unauthorized` (401/403: the credential),
 * `provider_error` (5xx), `http_error` (another non-2xx), `network_error` (no HTTP answer),
 * `bad_response` (the body was not what the adapter expects), `misconfigured` (no base URL),
 * `not_configured` (the provider needs an API key and none is set: not called), `unknown` (anything else, e.g. the cache's store failing).
 */
export type ProviderFailureCode =
  | 'circuit_open'
  | 'timeout'
  | 'rate_limited'
  | 'provider_rate_limited'
  | 'unauthorized'
  | 'provider_error'
  | 'http_error'
  | 'network_error'
  | 'bad_response'
  | 'misconfigured'
  | 'not_configured'
  | 'unknown';

/** A failure the gateway itself decides (as opposed to one the provider answered). */
export class ProviderGatewayError extends Error {
  constructor(
    readonly code:
      | 'circuit_open'
      | 'timeout'
      | 'rate_limited'
      | 'bad_response'
      | 'misconfigured'
      | 'not_configured',
    readonly provider: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderGatewayError';
  }
}

/** The provider's breaker is open: `fetchOffers` rejected at once without calling it. */
export class CircuitOpenError extends ProviderGatewayError {
  constructor(provider: string) {
    super('circuit_open', provider, `${provider}: circuit open, provider not called`);
    this.name = 'CircuitOpenError';
  }
}

/** An attempt exceeded `timeoutMs` and was aborted (the request's socket is closed). */
export class ProviderTimeoutError extends ProviderGatewayError {
  constructor(
    provider: string,
    readonly timeoutMs: number,
    cause: unknown,
  ) {
    super('timeout', provider, `${provider}: no answer within ${timeoutMs} ms`, { cause });
    this.name = 'ProviderTimeoutError';
  }
}

/** Our token bucket for the provider stays empty longer than the gateway waits. */
export class ProviderRateLimitedError extends ProviderGatewayError {
  constructor(
    provider: string,
    /** When the next token is due, in ms. */
    readonly retryInMs: number,
  ) {
    super('rate_limited', provider, `${provider}: request budget spent, next token in ${retryInMs} ms`);
    this.name = 'ProviderRateLimitedError';
  }
}

/** Maps any error out of `fetchOffers` to its failure code. */
export function providerFailureCode(err: unknown): ProviderFailureCode {
  if (err instanceof ProviderGatewayError) return err.code;
  if (isBrokenCircuitError(err)) return 'circuit_open';
  if (err instanceof ProviderHttpError) {
    if (err.status === null) return 'network_error';
    if (err.status === 401 || err.status === 403) return 'unauthorized';
    if (err.status === 429) return 'provider_rate_limited';
    if (err.status >= 500) return 'provider_error';
    if (err.status >= 200 && err.status < 300) return 'bad_response';
    return 'http_error';
  }
  return 'unknown';
}

/**
 * Whether another attempt may succeed: no HTTP answer (network error, timeout), 408, 429 or a
 * 5xx. Any other status (401, 403, 404 …) and a malformed body fail the same way again.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof ProviderTimeoutError) return true;
  if (!(err instanceof ProviderHttpError)) return false;
  const { status } = err;
  return status === null || status === 408 || status === 429 || status >= 500;
}
