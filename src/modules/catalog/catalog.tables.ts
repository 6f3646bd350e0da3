import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { AVAILABILITIES } from './catalog.types.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const PROVIDER_KINDS = ['live', 'catalog', 'catalog_only'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const PROVIDER_STATUSES = ['healthy', 'degraded', 'down'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];
export const OFFER_SOURCES = ['sync', 'import'] as const;

/**
 * Providers the catalog knows: one row per adapter (created at start) plus catalog-only providers
 * registered by a catalog-file import. The sync writes its outcome here, so every instance serves
 * the same health.
 */
export const catalogProviders = pgTable('catalog_providers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** live: HTTP adapter; catalog: adapter fed by catalog files; catalog_only: registered by an import. */
  kind: text('kind', { enum: PROVIDER_KINDS }).notNull(),
  supportsProvisioning: boolean('supports_provisioning').notNull().default(false),
  status: text('status', { enum: PROVIDER_STATUSES }).notNull().default('healthy'),
  circuit: text('circuit', { enum: CIRCUIT_STATES }).notNull().default('closed'),
  lastSyncAt: ts('last_sync_at'),
  lastSuccessAt: ts('last_success_at'),
  lastError: text('last_error'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  lastSyncMs: integer('last_sync_ms'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * The normalized offer catalog. `(provider, provider_offer_id)` is the upsert key; `id` stays the
 * same across syncs. Money in micro-dollars per hour for the whole offer. An offer a provider
 * stopped listing stays, `unavailable` (pods and price history refer to it).
 */
export const offers = pgTable(
  'offers',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    providerOfferId: text('provider_offer_id').notNull(),
    gpuModel: text('gpu_model').notNull(),
    gpuRawName: text('gpu_raw_name').notNull(),
    gpuMapped: boolean('gpu_mapped').notNull(),
    gpuCount: integer('gpu_count').notNull(),
    gpuVramGb: real('gpu_vram_gb').notNull(),
    vcpus: real('vcpus').notNull(),
    ramGb: real('ram_gb').notNull(),
    storageGb: real('storage_gb').notNull(),
    region: text('region').notNull(),
    country: text('country'),
    spot: boolean('spot').notNull(),
    availability: text('availability', { enum: AVAILABILITIES }).notNull(),
    priceMicros: bigint('price_micros', { mode: 'number' }).notNull(),
    /**
     * The price when first seen: the oldest point of the price history, kept here so an import of
     * 50,000 new offers writes no history rows (offer_price_history holds the changes). Null for
     * offers first seen before this column existed (their first price is a history row).
     */
    firstPriceMicros: bigint('first_price_micros', { mode: 'number' }),
    performanceScore: doublePrecision('performance_score').notNull(),
    source: text('source', { enum: ['sync', 'import'] }).notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  // Queries are served from the in-memory index: the upsert key is the only index the writes pay for.
  (t) => [uniqueIndex('offers_provider_offer_uq').on(t.provider, t.providerOfferId)],
);

/** One row per price change (the first price is `offers.first_price_micros`). */
export const offerPriceHistory = pgTable(
  'offer_price_history',
  {
    offerId: text('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    priceMicros: bigint('price_micros', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.at] })],
);

/** GPU names no canonical model matched, per provider: never dropped silently, listed for admins. */
export const unmappedGpus = pgTable(
  'unmapped_gpus',
  {
    provider: text('provider').notNull(),
    rawName: text('raw_name').notNull(),
    vramGb: real('vram_gb'),
    /** Offers carrying this name in the provider's last sync or import. */
    offersCount: integer('offers_count').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.rawName] })],
);
