import type { Clock } from '../../platform/clock/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { CatalogRepo } from './catalog.repo.js';
import type { CatalogOffer } from './catalog.types.js';
import { CatalogFileError, parseCatalogFile } from './catalog-files/index.js';
import type { OfferWrites } from './offer-writes.service.js';

export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
export type CatalogFormat = 'skypilot' | 'gpuhunt';

/**
 * Catalog-file imports (`POST /admin/catalog/import`, `npm run cli -- catalog import`): the file
 * replaces the provider's offers in one transaction; an unknown provider id becomes a
 * catalog-only provider (listed and browsable, not provisionable).
 */
export function createCatalogImport(deps: {
  writes: Pick<OfferWrites, 'apply'>;
  repo: Pick<CatalogRepo, 'provider' | 'recordSync'>;
  clock: Clock;
  onApplied(provider: string, current: CatalogOffer[]): Promise<void>;
}) {
  return {
    async importFile(input: { provider: string; format: CatalogFormat; text: string }) {
      const { provider, format, text } = input;
      if (!PROVIDER_ID_PATTERN.test(provider)) {
        throw new AppError('validation_failed', {
          detail: 'provider must be 2–40 lower-case letters, digits or dashes, starting with a letter',
          errors: [{ path: '/provider', message: 'must match ^[a-z][a-z0-9-]{1,39}$' }],
        });
      }
      let parsed: ReturnType<typeof parseCatalogFile>;
      try {
        parsed = parseCatalogFile(text, format, { provider });
      } catch (err) {
        if (err instanceof CatalogFileError)
          throw new AppError('validation_failed', {
            detail: err.message,
            errors: [{ path: '/body', message: err.message }],
          });
        throw err;
      }
      const started = deps.clock.nowMs();
      const known = (await deps.repo.provider(provider)) !== undefined;
      const outcome = await deps.writes.apply(provider, parsed.offers, {
        source: 'import',
        registerProvider: !known,
      });
      await deps.repo.recordSync(provider, {
        at: deps.clock.now(),
        ok: true,
        error: null,
        status: 'healthy',
        circuit: 'closed',
        durationMs: deps.clock.nowMs() - started,
      });
      await deps.onApplied(provider, outcome.current);
      return {
        provider,
        format,
        registered_provider: !known,
        rows_read: parsed.rowsRead,
        imported: outcome.current.length,
        inserted: outcome.inserted,
        updated: outcome.updated,
        removed: outcome.removed,
        skipped_cpu_only: parsed.skippedCpuOnly,
        skipped_invalid: [
          ...parsed.skippedInvalid,
          ...outcome.rejected.map((r) => ({ line: 0, reason: `${r.providerOfferId}: ${r.reason}` })),
        ],
        unmapped_gpus: outcome.unmapped.map((u) => ({ name: u.rawName, offers: u.offersCount })),
      };
    },
  };
}

export type CatalogImport = ReturnType<typeof createCatalogImport>;
