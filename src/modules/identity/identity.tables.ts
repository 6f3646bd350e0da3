import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const ROLES = ['user', 'pro', 'enterprise', 'pod_admin'] as const;
export const PLANS = ['free', 'pro', 'enterprise'] as const;
export const USER_STATUSES = ['unconfirmed', 'active', 'disabled'] as const;
export type Role = (typeof ROLES)[number];
export type Plan = (typeof PLANS)[number];
export type UserStatus = (typeof USER_STATUSES)[number];

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Accounts of the built-in identity provider. `email` is stored lower-cased and trimmed, so the
 * unique index is the duplicate check. `plan` is what billing granted; `requested_plan` is the
 * plan picked on the plans page at sign-up, kept until checkout turns it into `plan`.
 */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('user'),
    plan: text('plan', { enum: PLANS }).notNull().default('free'),
    requestedPlan: text('requested_plan', { enum: PLANS }),
    status: text('status', { enum: USER_STATUSES }).notNull(),
    // TOTP: secret sealed by the SecretBox (aad = user id). Set by setup, in force once
    // `mfa_enabled_at` is set; `mfa_totp_last_step` is the last accepted 30 s step (no replay).
    mfaTotpSecret: text('mfa_totp_secret'),
    mfaEnabledAt: ts('mfa_enabled_at'),
    mfaTotpLastStep: integer('mfa_totp_last_step'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** Single-use e-mail confirmation tokens; only the SHA-256 of the token is stored. */
export const emailVerificationTokens = pgTable(
  'email_verification_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('email_verification_tokens_user_idx').on(t.userId)],
);

/**
 * RS256 keys that sign access tokens. The private JWK is sealed with the SecretBox under
 * aad = kid, so a sealed key copied to another row does not open. The newest key that is not
 * retired signs; every key that is not retired verifies and is published in the JWKS.
 */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg', { enum: ['RS256'] }).notNull(),
  privateJwkSealed: text('private_jwk_sealed').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

/**
 * Refresh tokens, opaque to clients; only the SHA-256 is stored. Each use spends the token
 * (`used_at`) and issues the next one in the same family (one login = one family); presenting a
 * spent token revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: text('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId).where(sql`${t.revokedAt} is null`),
  ],
);

/** Append-only log of authentication events (no update or delete path exists in the code). */
export const authEvents = pgTable(
  'auth_events',
  {
    id: text('id').primaryKey(),
    userId: text('user_id'),
    type: text('type').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('auth_events_user_at_idx').on(t.userId, t.at), index('auth_events_at_idx').on(t.at)],
);

/** One-time MFA backup codes; only the SHA-256 is stored, `used_at` spends one. */
export const mfaBackupCodes = pgTable(
  'mfa_backup_codes',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

export const EXTERNAL_IDENTITY_PROVIDERS = ['google', 'github', 'cognito'] as const;
export type ExternalIdentityProvider = (typeof EXTERNAL_IDENTITY_PROVIDERS)[number];

/**
 * Accounts at external identity providers linked to a local user: OAuth logins (Google, GitHub)
 * and, with the Cognito adapter, the pool user (`subject` = Cognito `sub`). One external account
 * links to one user; a user may link several.
 */
export const userIdentities = pgTable(
  'user_identities',
  {
    provider: text('provider', { enum: EXTERNAL_IDENTITY_PROVIDERS }).notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastLoginAt: ts('last_login_at'),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);
