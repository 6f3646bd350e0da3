import type { RateLimitOptions } from './rate-limiter.port.js';

/** A bucket's refill rate in tokens per millisecond and its capacity, validated once for both adapters. */
export interface BucketShape {
  perMs: number;
  burst: number;
}

/** Validates `take` options (RangeError when bad) and applies the default burst (`ratePerMinute`, ≥ 1). */
export function bucketShape(opts: RateLimitOptions): BucketShape {
  const { ratePerMinute } = opts;
  if (!Number.isFinite(ratePerMinute) || ratePerMinute <= 0) {
    throw new RangeError(`ratePerMinute must be a finite number > 0, got ${ratePerMinute}`);
  }
  const burst = opts.burst ?? Math.max(1, ratePerMinute);
  if (!Number.isFinite(burst) || burst < 1)
    throw new RangeError(`burst must be a finite number >= 1, got ${burst}`);
  return { perMs: ratePerMinute / 60_000, burst };
}

/** A bucket's state: tokens left (fractional) as of `atMs`. */
export interface BucketState {
  tokens: number;
  atMs: number;
}

/**
 * One take against `state` at `nowMs` (absent state = a full bucket). Pure; the Redis script runs
 * the same steps in Lua. Time never runs backwards for a bucket: an earlier `nowMs` refills nothing.
 */
export function takeToken(
  state: BucketState | undefined,
  shape: BucketShape,
  nowMs: number,
): { state: BucketState; ok: boolean; retryInMs: number } {
  const atMs = state === undefined ? nowMs : Math.max(state.atMs, nowMs);
  const elapsedMs = state === undefined ? 0 : atMs - state.atMs;
  const tokens = Math.min(shape.burst, (state?.tokens ?? shape.burst) + elapsedMs * shape.perMs);
  if (tokens >= 1 - EPSILON)
    return { state: { tokens: Math.max(0, tokens - 1), atMs }, ok: true, retryInMs: 0 };
  return { state: { tokens, atMs }, ok: false, retryInMs: waitMs(tokens, shape.perMs) };
}

// Refills are floating point (rate / 60 000 is rarely exact): a bucket short of a whole token by
// rounding noise counts as full, and a wait a hair over a whole ms is not rounded up to the next.
const EPSILON = 1e-9;

function waitMs(tokens: number, perMs: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / perMs - 1e-6));
}
