import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import {
  type CircuitState,
  catalogProviders,
  offers,
  type ProviderKind,
  type ProviderStatus,
  unmappedGpus,
} from './catalog.tables.js';
import { selectOfferRows } from './offer-rows.js';

export type ProviderRow = typeof catalogProviders.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;
export type OfferInsert = typeof offers.$inferInsert;
export type UnmappedRow = typeof unmappedGpus.$inferSelect;

/** Rows per multi-row statement: 1,000 offers × 20 columns stays far below PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** All the SQL of the catalog: providers, offers, price history, unmapped GPU names. */
export function createCatalogRepo(db: DbExecutor) {
  return {
    /** Creates missing provider rows and refreshes name/kind of known adapters (status untouched). */
    async ensureProviders(
      rows: Array<{ id: string; name: string; kind: ProviderKind; supportsProvisioning: boolean }>,
      exec: DbExecutor = db,
    ): Promise<void> {
      if (rows.length === 0) return;
      await exec
        .insert(catalogProviders)
        .values(rows)
        .onConflictDoUpdate({
          target: catalogProviders.id,
          set: {
            name: sql`excluded.name`,
            kind: sql`excluded.kind`,
            supportsProvisioning: sql`excluded.supports_provisioning`,
          },
        });
    },

    /** Registers a provider known only from an imported catalog file (no-op when it exists). */
    async ensureCatalogOnlyProvider(id: string, exec: DbExecutor = db): Promise<void> {
      await exec
        .insert(catalogProviders)
        .values({ id, name: id, kind: 'catalog_only', supportsProvisioning: false })
        .onConflictDoNothing();
    },

    async providers(exec: DbExecutor = db): Promise<ProviderRow[]> {
      return exec.select().from(catalogProviders).orderBy(asc(catalogProviders.id));
    },

    async provider(id: string, exec: DbExecutor = db): Promise<ProviderRow | undefined> {
      const [row] = await exec.select().from(catalogProviders).where(eq(catalogProviders.id, id));
      return row;
    },

    async recordSync(
      id: string,
      outcome: {
        at: Date;
        ok: boolean;
        error: string | null;
        status: ProviderStatus;
        circuit: CircuitState;
        durationMs: number;
      },
      exec: DbExecutor = db,
    ): Promise<void> {
      await exec
        .update(catalogProviders)
        .set({
          status: outcome.status,
          circuit: outcome.circuit,
          lastSyncAt: outcome.at,
          lastSyncMs: outcome.durationMs,
          lastError: outcome.error,
          updatedAt: outcome.at,
          ...(outcome.ok
            ? { lastSuccessAt: outcome.at, consecutiveFailures: 0 }
            : { consecutiveFailures: sql`${catalogProviders.consecutiveFailures} + 1` }),
        })
        .where(eq(catalogProviders.id, id));
    },

    /** Serialises writers of one provider's offers until the transaction ends (two instances syncing). */
    async lockProvider(provider: string, exec: DbExecutor): Promise<void> {
      await exec.execute(sql`select pg_advisory_xact_lock(hashtext(${`catalog:${provider}`}))`);
    },

    async offersOfProvider(provider: string, exec: DbExecutor = db): Promise<OfferRow[]> {
      return selectOfferRows(exec, sql`where provider = ${provider}`);
    },

    async allOffers(exec: DbExecutor = db): Promise<OfferRow[]> {
      return selectOfferRows(exec, sql``);
    },

    async offer(id: string, exec: DbExecutor = db): Promise<OfferRow | undefined> {
      const [row] = await exec.select().from(offers).where(eq(offers.id, id));
      return row;
    },

    /**
     * Inserts new offers and rewrites changed ones (by `(provider, provider_offer_id)`; ids kept).
     * Rows travel as one JSON parameter per chunk (`json_to_recordset`): binding 20 parameters per
     * row costs far more than the write itself, on PGlite most of all (50,000 offers: seconds → well under one).
     */
    async upsertOffers(rows: OfferInsert[], exec: DbExecutor): Promise<void> {
      for (const chunk of chunks(rows, 5000)) {
        const json = JSON.stringify(
          chunk.map((r) => ({
            id: r.id,
            provider: r.provider,
            provider_offer_id: r.providerOfferId,
            gpu_model: r.gpuModel,
            gpu_raw_name: r.gpuRawName,
            gpu_mapped: r.gpuMapped,
            gpu_count: r.gpuCount,
            gpu_vram_gb: r.gpuVramGb,
            vcpus: r.vcpus,
            ram_gb: r.ramGb,
            storage_gb: r.storageGb,
            region: r.region,
            country: r.country ?? null,
            spot: r.spot,
            availability: r.availability,
            price_micros: r.priceMicros,
            first_price_micros: r.firstPriceMicros ?? null,
            performance_score: r.performanceScore,
            source: r.source,
            first_seen_at: r.firstSeenAt,
            updated_at: r.updatedAt,
          })),
        );
        await exec.execute(sql`
          insert into offers (id, provider, provider_offer_id, gpu_model, gpu_raw_name, gpu_mapped, gpu_count,
            gpu_vram_gb, vcpus, ram_gb, storage_gb, region, country, spot, availability, price_micros,
            first_price_micros, performance_score, source, first_seen_at, updated_at)
          select id, provider, provider_offer_id, gpu_model, gpu_raw_name, gpu_mapped, gpu_count,
            gpu_vram_gb, vcpus, ram_gb, storage_gb, region, country, spot, availability, price_micros,
            first_price_micros, performance_score, source, first_seen_at, updated_at
          from json_to_recordset(${json}::json) as x(id text, provider text, provider_offer_id text,
            gpu_model text, gpu_raw_name text, gpu_mapped boolean, gpu_count integer, gpu_vram_gb real,
            vcpus real, ram_gb real, storage_gb real, region text, country text, spot boolean,
            availability text, price_micros bigint, first_price_micros bigint, performance_score double precision, source text,
            first_seen_at timestamptz, updated_at timestamptz)
          on conflict (provider, provider_offer_id) do update set
            gpu_model = excluded.gpu_model, gpu_raw_name = excluded.gpu_raw_name,
            gpu_mapped = excluded.gpu_mapped, gpu_count = excluded.gpu_count,
            gpu_vram_gb = excluded.gpu_vram_gb, vcpus = excluded.vcpus, ram_gb = excluded.ram_gb,
            storage_gb = excluded.storage_gb, region = excluded.region, country = excluded.country,
            spot = excluded.spot, availability = excluded.availability,
            price_micros = excluded.price_micros, performance_score = excluded.performance_score,
            source = excluded.source, updated_at = excluded.updated_at`);
      }
    },

    async markUnavailable(ids: string[], at: Date, exec: DbExecutor): Promise<void> {
      for (const chunk of chunks(ids, 5000)) {
        await exec
          .update(offers)
          .set({ availability: 'unavailable', updatedAt: at })
          .where(inArray(offers.id, chunk));
      }
    },

    async deleteOffers(ids: string[], exec: DbExecutor): Promise<void> {
      for (const chunk of chunks(ids, 5000)) await exec.delete(offers).where(inArray(offers.id, chunk));
    },

    async appendPrices(rows: Array<{ offerId: string; at: Date; priceMicros: number }>, exec: DbExecutor) {
      for (const chunk of chunks(rows, 10_000)) {
        const json = JSON.stringify(
          chunk.map((r) => ({ offer_id: r.offerId, at: r.at, price_micros: r.priceMicros })),
        );
        await exec.execute(sql`
          insert into offer_price_history (offer_id, at, price_micros)
          select offer_id, at, price_micros
          from json_to_recordset(${json}::json) as x(offer_id text, at timestamptz, price_micros bigint)
          on conflict do nothing`);
      }
    },

    /** Newest first (the first price, from the offer row, last); `before` pages back in time. */
    async priceHistory(
      offerId: string,
      opts: { limit: number; before?: Date },
      exec: DbExecutor = db,
    ): Promise<Array<{ at: Date; priceMicros: number }>> {
      const before = opts.before ?? null;
      const result = await exec.execute<{ at: string | Date; price_micros: string | number }>(sql`
        select at, price_micros from (
          select at, price_micros from offer_price_history where offer_id = ${offerId}
          union all
          select first_seen_at as at, first_price_micros as price_micros from offers
            where id = ${offerId} and first_price_micros is not null
        ) h
        where ${before}::timestamptz is null or at < ${before}::timestamptz
        order by at desc
        limit ${opts.limit}`);
      const rows = (
        result as unknown as { rows: Array<{ at: string | Date; price_micros: string | number }> }
      ).rows;
      return rows.map((r) => ({ at: new Date(r.at), priceMicros: Number(r.price_micros) }));
    },

    /** Sets the provider's unmapped names to exactly `entries` (first sighting kept). */
    async replaceUnmapped(
      provider: string,
      entries: Array<{ rawName: string; vramGb: number | null; offersCount: number }>,
      at: Date,
      exec: DbExecutor,
    ): Promise<void> {
      const names = entries.map((e) => e.rawName);
      await exec
        .delete(unmappedGpus)
        .where(
          and(
            eq(unmappedGpus.provider, provider),
            names.length ? notInArray(unmappedGpus.rawName, names) : undefined,
          ),
        );
      for (const chunk of chunks(entries)) {
        await exec
          .insert(unmappedGpus)
          .values(chunk.map((e) => ({ provider, ...e, firstSeenAt: at, lastSeenAt: at })))
          .onConflictDoUpdate({
            target: [unmappedGpus.provider, unmappedGpus.rawName],
            set: {
              vramGb: sql`excluded.vram_gb`,
              offersCount: sql`excluded.offers_count`,
              lastSeenAt: sql`excluded.last_seen_at`,
            },
          });
      }
    },

    async unmapped(exec: DbExecutor = db): Promise<UnmappedRow[]> {
      return exec
        .select()
        .from(unmappedGpus)
        .orderBy(desc(unmappedGpus.offersCount), asc(unmappedGpus.provider), asc(unmappedGpus.rawName));
    },
  };
}

export type CatalogRepo = ReturnType<typeof createCatalogRepo>;
