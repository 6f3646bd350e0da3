import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { POD_STATUSES } from './pod-state.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const POD_MODES = ['SANDBOX', 'LIVE'] as const;
export type PodMode = (typeof POD_MODES)[number];

export interface PodConnection {
  ssh: { host: string; port: number; user: string; command: string };
  jupyter: { url: string; token: string } | null;
}

/** A pod being configured: an offer plus the user's choices, not deployed yet. */
export const podDrafts = pgTable(
  'pod_drafts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    offerId: text('offer_id').notNull(),
    vcpus: real('vcpus'),
    ramGb: real('ram_gb'),
    storageGb: integer('storage_gb').notNull(),
    image: text('image').notNull(),
    ports: jsonb('ports').$type<number[]>().notNull(),
    sshPublicKey: text('ssh_public_key'),
    sshKeyFingerprint: text('ssh_key_fingerprint'),
    /** The user's price ceiling (micro-dollars per hour): fail-over never goes above it. */
    maxPricePerHourMicros: bigint('max_price_per_hour_micros', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('pod_drafts_user_idx').on(t.userId, t.id)],
);

/**
 * A deployed pod. The offer columns describe the offer it runs on now (a fail-over moves it to
 * another); prices are micro-dollars per hour. `mode` is the POD mode at deploy: a SANDBOX pod stays
 * simulated even after the POD goes LIVE. `provider_instance_id` is set once the provider has one.
 */
export const pods = pgTable(
  'pods',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    draftId: text('draft_id'),
    mode: text('mode', { enum: POD_MODES }).notNull(),
    status: text('status', { enum: POD_STATUSES }).notNull(),
    statusDetail: text('status_detail'),
    offerId: text('offer_id').notNull(),
    provider: text('provider').notNull(),
    providerOfferId: text('provider_offer_id').notNull(),
    gpuModel: text('gpu_model').notNull(),
    gpuCount: integer('gpu_count').notNull(),
    region: text('region').notNull(),
    pricePerHourMicros: bigint('price_per_hour_micros', { mode: 'number' }).notNull(),
    markupPercent: real('markup_percent').notNull(),
    /** Storage billed on top of the offer, micro-dollars per hour. */
    storagePerHourMicros: bigint('storage_per_hour_micros', { mode: 'number' }).notNull(),
    /** Fail-over never picks an offer above this provider price (micro-dollars per hour). */
    maxPricePerHourMicros: bigint('max_price_per_hour_micros', { mode: 'number' }).notNull(),
    vcpus: real('vcpus'),
    ramGb: real('ram_gb'),
    storageGb: integer('storage_gb').notNull(),
    image: text('image').notNull(),
    ports: jsonb('ports').$type<number[]>().notNull(),
    sshPublicKey: text('ssh_public_key'),
    providerInstanceId: text('provider_instance_id'),
    /** Offers tried so far (1 = the first); bounded by `pods.failover_max_attempts`. */
    attempts: integer('attempts').notNull().default(0),
    /** Offers that had no capacity during this provisioning, never tried again. */
    triedOfferIds: jsonb('tried_offer_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    connection: jsonb('connection').$type<PodConnection>(),
    /**
     * Provisioning lease: the worker running a step holds it (no transaction stays open across a
     * provider call), so two workers never step one pod at once; an expired lease is taken over.
     */
    leaseOwner: text('lease_owner'),
    leaseUntil: ts('lease_until'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    provisioningStartedAt: ts('provisioning_started_at'),
    readyAt: ts('ready_at'),
    activatedAt: ts('activated_at'),
    terminatedAt: ts('terminated_at'),
  },
  (t) => [index('pods_user_idx').on(t.userId, t.id), index('pods_user_status_idx').on(t.userId, t.status)],
);

/** Every status a pod went through, with what happened (fail-over attempts included). */
export const podStatusHistory = pgTable(
  'pod_status_history',
  {
    id: text('id').primaryKey(),
    podId: text('pod_id')
      .notNull()
      .references(() => pods.id, { onDelete: 'cascade' }),
    status: text('status', { enum: POD_STATUSES }).notNull(),
    at: ts('at').notNull(),
    detail: text('detail'),
  },
  (t) => [index('pod_status_history_pod_idx').on(t.podId, t.at, t.id)],
);

/** Activation links: only the SHA-256 of the token is kept; single use, expiring. */
export const podActivationTokens = pgTable(
  'pod_activation_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    podId: text('pod_id')
      .notNull()
      .references(() => pods.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('pod_activation_tokens_pod_idx').on(t.podId)],
);

/**
 * First responses of idempotent POSTs, per user and `Idempotency-Key`: a repeat with the same
 * request gets the stored response, another request with the key is a conflict.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    /** What the key was used for (`pods.deploy`), part of the request fingerprint. */
    scope: text('scope').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    // Null while the first request is in flight (its transaction holds the row).
    response: jsonb('response'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('idempotency_keys_user_key_uq').on(t.userId, t.key)],
);

/** The user's actions and what happened to their pods, newest first (`GET /activity`). */
export const userActivity = pgTable(
  'user_activity',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: ts('at').notNull(),
  },
  (t) => [index('user_activity_user_idx').on(t.userId, t.at, t.id)],
);

/**
 * The SANDBOX provider's instances: persisted so a simulated create stays idempotent by pod id
 * across a crash, exactly like a real provider's named instance.
 */
export const sandboxInstances = pgTable(
  'sandbox_instances',
  {
    instanceId: text('instance_id').primaryKey(),
    podId: text('pod_id').notNull(),
    provider: text('provider').notNull(),
    providerOfferId: text('provider_offer_id').notNull(),
    state: text('state', { enum: ['creating', 'running', 'stopped', 'terminated', 'failed'] }).notNull(),
    createdAt: ts('created_at').notNull(),
    /** When the simulated boot completes (`pods.sandbox.provision_delay_ms` after create). */
    readyAt: ts('ready_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  // One live instance per pod; a fail-over terminates the previous one before creating the next.
  (t) => [uniqueIndex('sandbox_instances_pod_uq').on(t.podId).where(sql`state <> 'terminated'`)],
);
