import {
  CircuitState,
  ExponentialBackoff,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { ProviderHttpError } from '../catalog.types.js';

/** A provider's breaker as `GET /providers` reports it. */
export type CircuitStatus = 'closed' | 'open' | 'half_open';

/** cockatiel's state → ours; a manually isolated breaker is open. */
export function circuitStatus(state: CircuitState): CircuitStatus {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half_open';
  return 'open';
}

type RetryContext = IRetryBackoffContext<unknown>;

/**
 * Exponential backoff with decorrelated jitter (cockatiel's default generator) from
 * `initialDelayMs`, at most `maxDelayMs`; after a failure that carries `Retry-After` (429, 503),
 * exactly the provider's delay instead, capped at `maxDelayMs` so one header cannot stall a sync.
 */
export function retryAfterBackoff(initialDelayMs: number, maxDelayMs: number): IBackoffFactory<RetryContext> {
  const exponential = new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs });
  const step = (base: IBackoff<unknown>, ctx: RetryContext): IBackoff<RetryContext> => {
    const error = 'error' in ctx.result ? ctx.result.error : null;
    const hintedMs = error instanceof ProviderHttpError ? error.retryAfterMs : null;
    return {
      duration: hintedMs === null ? base.duration : Math.min(hintedMs, maxDelayMs),
      next: (nextCtx) => step(base.next(nextCtx), nextCtx),
    };
  };
  return { next: (ctx) => step(exponential.next(), ctx) };
}
