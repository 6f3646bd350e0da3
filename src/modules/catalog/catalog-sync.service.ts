import type { Clock } from '../../platform/clock/clock.js';
import type { CatalogRepo } from './catalog.repo.js';
import type { CircuitState, ProviderStatus } from './catalog.tables.js';
import type { ProviderAdapter, ProviderOffer } from './catalog.types.js';
import type { OfferWrites } from './offer-writes.service.js';
import { providerFailureCode } from './resilience/index.js';

/** What one provider sync did (logged, returned by the admin "sync now" route). */
export interface SyncReport {
  provider: string;
  ok: boolean;
  error: string | null;
  durationMs: number;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  priceChanges: number;
  unmapped: number;
  rejected: number;
  circuit: CircuitState;
  status: ProviderStatus;
}

/** The resilient fetch path of one provider (rate limit, timeout, retry, breaker, 60 s cache). */
export interface OfferSource {
  fetchOffers(opts?: { fresh?: boolean }): Promise<ProviderOffer[]>;
  circuit(): CircuitState;
}

/** Consecutive failed syncs after which a provider counts as down even with its breaker closed. */
const DOWN_AFTER_FAILURES = 3;

/**
 * Refreshes providers' offers: fetch through the provider's resilient source (the SANDBOX twin or
 * the live API), write in one transaction, then hand the provider's current offers to `onApplied`
 * (the in-memory index, other instances). A failed fetch is recorded on the provider (status,
 * circuit, error) and never touches its offers or any other provider.
 */
export function createCatalogSync(deps: {
  adapters: Readonly<Record<string, ProviderAdapter>>;
  /** The source for a provider in the current mode. */
  sourceFor(provider: string): OfferSource;
  /** Whether the provider is synced now (enabled; catalog providers only in SANDBOX). */
  shouldSync(provider: string): boolean;
  intervalMs(): number;
  writes: Pick<OfferWrites, 'apply'>;
  repo: Pick<CatalogRepo, 'providers' | 'provider' | 'recordSync'>;
  clock: Clock;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
  onApplied(provider: string, current: import('./catalog.types.js').CatalogOffer[]): Promise<void>;
}) {
  const { repo, clock, logger } = deps;

  async function syncProvider(provider: string, opts: { fresh?: boolean } = {}): Promise<SyncReport> {
    const started = clock.nowMs();
    const source = deps.sourceFor(provider);
    const base = { provider, received: 0, inserted: 0, updated: 0, unchanged: 0, removed: 0 };
    let report: SyncReport;
    try {
      const offers = await source.fetchOffers(opts);
      const outcome = await deps.writes.apply(provider, offers, { source: 'sync' });
      await deps.onApplied(provider, outcome.current);
      report = {
        ...base,
        ok: true,
        error: null,
        durationMs: clock.nowMs() - started,
        received: outcome.received,
        inserted: outcome.inserted,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        removed: outcome.removed,
        priceChanges: outcome.priceChanges,
        unmapped: outcome.unmapped.reduce((n, u) => n + u.offersCount, 0),
        rejected: outcome.rejected.length,
        circuit: source.circuit(),
        status: 'healthy',
      };
      if (outcome.rejected.length > 0)
        logger.warn({ provider, rejected: outcome.rejected.slice(0, 20) }, 'provider offers rejected');
      if (outcome.unmapped.length > 0)
        logger.warn({ provider, unmapped: outcome.unmapped.slice(0, 20) }, 'unmapped GPU names kept raw');
    } catch (err) {
      const previous = await repo.provider(provider);
      const failures = (previous?.consecutiveFailures ?? 0) + 1;
      const circuit = source.circuit();
      report = {
        ...base,
        ok: false,
        error: describe(err),
        durationMs: clock.nowMs() - started,
        priceChanges: 0,
        unmapped: 0,
        rejected: 0,
        circuit,
        status:
          circuit === 'open' ||
          failures >= DOWN_AFTER_FAILURES ||
          providerFailureCode(err) === 'not_configured'
            ? 'down'
            : 'degraded',
      };
      logger.warn({ provider, err, circuit }, 'provider sync failed');
    }
    await repo.recordSync(provider, {
      at: clock.now(),
      ok: report.ok,
      error: report.error,
      status: report.status,
      circuit: report.circuit,
      durationMs: report.durationMs,
    });
    logger.info({ sync: report }, 'provider synced');
    return report;
  }

  return {
    syncProvider,

    /** Providers due for a refresh (never synced, or last sync older than the interval). */
    async dueProviders(): Promise<string[]> {
      const now = clock.nowMs();
      // A tick comes every minute: a little slack keeps a 60 s interval from slipping to 120 s.
      const interval = Math.max(0, deps.intervalMs() - 5_000);
      const rows = new Map((await repo.providers()).map((r) => [r.id, r]));
      return Object.keys(deps.adapters).filter((id) => {
        if (!deps.shouldSync(id)) return false;
        const last = rows.get(id)?.lastSyncAt?.getTime();
        return last === undefined || now - last >= interval;
      });
    },
  };
}

export type CatalogSync = ReturnType<typeof createCatalogSync>;

/** `<code>: <message>` — the code is stable (timeout, circuit_open, unauthorized…), the message says more. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `${providerFailureCode(err)}: ${message}`.slice(0, 500);
}
