import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const MODES = ['SANDBOX', 'LIVE'] as const;
export type Mode = (typeof MODES)[number];
export const PARAMETER_TYPES = ['string', 'int', 'float', 'bool', 'json', 'secret'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];
export const AUDIT_ACTIONS = [
  'pod_created',
  'pod_updated',
  'pod_deleted',
  'parameter_created',
  'parameter_updated',
  'parameter_deleted',
  'mode_switched',
  'imported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Limits on a value: numbers within [min, max], strings matching `pattern`, or one of `values`. */
export interface ValidationRule {
  min?: number;
  max?: number;
  pattern?: string;
  values?: string[];
}

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** PODs: deployments of the platform (upper case; not a user's GPU pod). */
export const platformPods = pgTable('platform_pods', {
  podId: text('pod_id').primaryKey(),
  name: text('name').notNull(),
  mode: text('mode', { enum: MODES }).notNull().default('SANDBOX'),
  awsRegion: text('aws_region'),
  featureFlags: jsonb('feature_flags').$type<Record<string, boolean>>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * A POD's parameters. Values are stored as text: JSON for every type but `secret`, whose values are
 * SecretBox envelopes (aad `<pod_id>/<key>/<mode>`, so an envelope copied elsewhere does not open).
 * A null value is unset (a well-known key then falls back to its registry default).
 */
export const podParameters = pgTable(
  'pod_parameters',
  {
    podId: text('pod_id')
      .notNull()
      .references(() => platformPods.podId, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    parameterType: text('parameter_type', { enum: PARAMETER_TYPES }).notNull(),
    sandboxValue: text('sandbox_value'),
    liveValue: text('live_value'),
    description: text('description'),
    /** Free-form keys only: an optional rule (well-known keys take theirs from the registry). */
    validation: jsonb('validation').$type<ValidationRule>(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.podId, t.key] })],
);

/**
 * Every configuration change, written in the transaction of the change. No foreign key: the history
 * of a deleted POD stays. Values are JSON with secrets masked; nothing here is ever decrypted.
 */
export const parameterAuditLog = pgTable(
  'parameter_audit_log',
  {
    id: text('id').primaryKey(),
    podId: text('pod_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    actorId: text('actor_id'),
    actor: text('actor').notNull(),
    key: text('key'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    requestId: text('request_id'),
  },
  (t) => [index('parameter_audit_pod_at_idx').on(t.podId, t.at)],
);
