import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../../platform/clock/clock.js';
import {
  type ProviderAdapter,
  type ProviderContext,
  ProviderHttpError,
  type ProviderOffer,
} from '../catalog.types.js';
import { DEFAULT_DRIFT, type DriftShape, driftOffer, SIM_BUCKET_MS } from './offer-drift.js';

/** The fault parameters `providers.<id>.sim.*`, read for every call. Rates are probabilities in [0, 1]. */
export interface SimulationFaults {
  /** Added before every answer (ms, ≥ 0). */
  latencyMs: number;
  /** Share of calls answered with a 503. */
  errorRate: number;
  /** Share of calls never answered (they end when the caller's signal aborts). */
  timeoutRate: number;
  /** Share of calls answered with a 429 carrying Retry-After. */
  rateLimitRate: number;
}

export interface SimulatedAdapterDeps {
  faults: () => SimulationFaults;
  /** Drives the 5-minute price and stock buckets. */
  clock: Clock;
  /** Source of the per-call fault draw, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** The simulated 429's Retry-After, ms. Default 1 000. */
  retryAfterMs?: number;
  /** Market movement; defaults ±3 % prices, 5 % of offers unavailable and 10 % limited per bucket. */
  drift?: Partial<DriftShape>;
}

/**
 * The SANDBOX twin of `real`: same id, name and kind, offers from `real.seedOffers()` (real public
 * data, loaded once) moved by `driftOffer` for the clock's 5-minute bucket, behind simulated
 * latency and faults. It never calls the provider and ignores `ctx.http`, so it needs no
 * credential or base URL.
 *
 * Per call: wait `latencyMs` (abortable), then one draw `r = random()` picks the outcome —
 * `r < timeoutRate`: no answer until `ctx.signal` aborts, then the error an aborted request gives
 * (`ProviderHttpError` with status null); the next `errorRate`: 503; the next `rateLimitRate`: 429
 * with `retryAfterMs`; otherwise the offers. With rates summing to at most 1 each outcome has
 * exactly its configured probability; beyond that the earlier faults win.
 */
export function createSimulatedAdapter(real: ProviderAdapter, deps: SimulatedAdapterDeps): ProviderAdapter {
  const random = deps.random ?? Math.random;
  const retryAfterMs = deps.retryAfterMs ?? 1_000;
  const shape: DriftShape = { ...DEFAULT_DRIFT, ...deps.drift };
  let seed: Promise<ProviderOffer[]> | null = null;

  function seedOffers(): Promise<ProviderOffer[]> {
    // A failed load is not remembered: the next call tries again.
    seed ??= real.seedOffers().then(
      (s) => s.offers,
      (err: unknown) => {
        seed = null;
        throw err;
      },
    );
    return seed;
  }

  async function listOffers(ctx: ProviderContext): Promise<ProviderOffer[]> {
    const faults = checkedFaults(deps.faults());
    await pause(faults.latencyMs, ctx.signal);
    const r = random();
    let threshold = faults.timeoutRate;
    if (r < threshold) await pause(Number.POSITIVE_INFINITY, ctx.signal);
    threshold += faults.errorRate;
    if (r < threshold) throw new ProviderHttpError('simulated 503', 503);
    threshold += faults.rateLimitRate;
    if (r < threshold) throw new ProviderHttpError('simulated 429', 429, retryAfterMs);
    const offers = await seedOffers();
    const bucket = Math.floor(deps.clock.nowMs() / SIM_BUCKET_MS);
    return offers.map((offer) => driftOffer(real.id, offer, bucket, shape));
  }

  return {
    id: real.id,
    name: real.name,
    kind: real.kind,
    defaultBaseUrl: real.defaultBaseUrl,
    docsUrl: real.docsUrl,
    supportsProvisioning: real.supportsProvisioning,
    // The twin answers from recorded data: it never needs the provider's key.
    credential: 'none',
    listOffers,
    seedOffers: () => real.seedOffers(),
  };
}

/** Waits `ms` (Infinity: until aborted); an abort rejects as an aborted request would. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    if (signal.aborted) throw signal.reason;
    if (ms === Number.POSITIVE_INFINITY) {
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
    } else if (ms > 0) {
      await sleep(ms, undefined, { signal });
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ProviderHttpError(`simulated request aborted: ${reason}`, null);
  }
}

function checkedFaults(faults: SimulationFaults): SimulationFaults {
  const { latencyMs, errorRate, timeoutRate, rateLimitRate } = faults;
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new RangeError(`latencyMs must be >= 0, got ${latencyMs}`);
  for (const [name, rate] of Object.entries({ errorRate, timeoutRate, rateLimitRate })) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be within [0, 1], got ${rate}`);
  }
  return faults;
}
