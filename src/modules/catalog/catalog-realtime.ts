import type { OfferPriceEvent, ProviderStatusEvent, RealtimePublisher } from '../realtime/index.js';
import type { CatalogOffer } from './catalog.types.js';
import type { SyncReport } from './catalog-sync.service.js';

const usd = (micros: number) => micros / 1e6;

/**
 * The price events of one provider's new offer set against what the index served before: new
 * offers, price moves and availability changes, for canonical GPU models only (a channel is
 * `prices:<canonical model>`).
 */
export function offerChanges(
  before: (id: string) => CatalogOffer | undefined,
  current: readonly CatalogOffer[],
  at: Date,
): OfferPriceEvent[] {
  const out: OfferPriceEvent[] = [];
  for (const o of current) {
    if (!o.gpuMapped) continue;
    const prev = before(o.id);
    if (prev && prev.priceMicros === o.priceMicros && prev.availability === o.availability) continue;
    out.push({
      offer_id: o.id,
      provider: o.provider,
      gpu_model: o.gpuModel,
      gpu_count: o.gpuCount,
      region: o.region,
      spot: o.spot,
      price_per_hour: usd(o.priceMicros),
      previous_price_per_hour: prev ? usd(prev.priceMicros) : null,
      availability: o.availability,
      changed_at: at.toISOString(),
    });
  }
  return out;
}

export function providerEvent(report: SyncReport, at: Date): ProviderStatusEvent {
  return {
    provider: report.provider,
    status: report.status,
    circuit: report.circuit,
    ok: report.ok,
    received: report.received,
    inserted: report.inserted,
    price_changes: report.priceChanges,
    removed: report.removed,
    synced_at: at.toISOString(),
    error: report.error,
  };
}

/** Publishes without ever failing the sync: real time is best effort, the catalog is the record. */
export function announce(
  realtime: RealtimePublisher | undefined,
  logger: { warn(o: object, m: string): void },
) {
  return {
    offers(events: readonly OfferPriceEvent[]) {
      if (!realtime) return;
      for (const e of events)
        realtime
          .publish(`prices:${e.gpu_model}`, e)
          .catch((err: unknown) => logger.warn({ err, offer: e.offer_id }, 'price event not published'));
    },
    provider(event: ProviderStatusEvent) {
      realtime
        ?.publish(`provider:${event.provider}`, event)
        .catch((err: unknown) =>
          logger.warn({ err, provider: event.provider }, 'provider event not published'),
        );
    },
  };
}
