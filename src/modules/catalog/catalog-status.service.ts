import type { CatalogRepo } from './catalog.repo.js';

/** Provider health as `GET /providers` shows it: the last sync's outcome (any instance) + live counts. */
export function createCatalogStatus(deps: {
  repo: Pick<CatalogRepo, 'providers' | 'unmapped'>;
  counts(): Map<string, { total: number; available: number }>;
  enabled(provider: string): boolean;
}) {
  return {
    async providers() {
      const counts = deps.counts();
      return (await deps.repo.providers()).map((p) => {
        const c = counts.get(p.id) ?? { total: 0, available: 0 };
        return {
          id: p.id,
          name: p.name,
          kind: p.kind,
          status: p.status,
          circuit: p.circuit,
          enabled: deps.enabled(p.id),
          offers_count: c.total,
          available_offers_count: c.available,
          last_sync_at: p.lastSyncAt?.toISOString() ?? null,
          last_success_at: p.lastSuccessAt?.toISOString() ?? null,
          last_error: p.lastError,
          supports_provisioning: p.supportsProvisioning,
        };
      });
    },

    async unmapped() {
      return {
        items: (await deps.repo.unmapped()).map((u) => ({
          provider: u.provider,
          raw_name: u.rawName,
          vram_gb: u.vramGb,
          offers_count: u.offersCount,
          first_seen_at: u.firstSeenAt.toISOString(),
          last_seen_at: u.lastSeenAt.toISOString(),
        })),
      };
    },
  };
}

export type CatalogStatus = ReturnType<typeof createCatalogStatus>;
