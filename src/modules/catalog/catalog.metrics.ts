import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SyncReport } from './catalog-sync.service.js';
import type { OfferIndex } from './query/index.js';

/**
 * What an operator graphs and alerts on: syncs per provider and outcome, their duration, offers
 * served per provider, and which breakers are open (from each sync's report).
 */
export function createCatalogMetrics(registry: Registry, index: Pick<OfferIndex, 'providerCounts'>) {
  const syncs = new Counter({
    name: 'gpubroker_catalog_syncs_total',
    help: 'Provider syncs by outcome (ok, failed)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gpubroker_catalog_sync_duration_seconds',
    help: 'Duration of one provider sync (fetch through the gateway + write)',
    labelNames: ['provider'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const circuitOpen = new Gauge({
    name: 'gpubroker_catalog_circuit_open',
    help: '1 while the provider circuit breaker is open (as of its last sync on this instance)',
    labelNames: ['provider'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'gpubroker_catalog_offers',
    help: 'Offers this instance serves, per provider (total and available)',
    labelNames: ['provider', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [provider, c] of index.providerCounts()) {
        this.set({ provider, kind: 'total' }, c.total);
        this.set({ provider, kind: 'available' }, c.available);
      }
    },
  });
  return {
    observe(report: SyncReport) {
      syncs.inc({ provider: report.provider, outcome: report.ok ? 'ok' : 'failed' });
      duration.observe({ provider: report.provider }, report.durationMs / 1000);
      circuitOpen.set({ provider: report.provider }, report.circuit === 'open' ? 1 : 0);
    },
  };
}
