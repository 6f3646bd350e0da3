import { and, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { type DbExecutor, keysetAfter, keysetPage, keysetTimestamp } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { authEvents } from './identity.tables.js';

export const AUTH_EVENT_TYPES = [
  'user_registered',
  'email_verified',
  'login_succeeded',
  'login_failed',
  'login_rate_limited',
  'refresh_reuse_detected',
  'logout',
  'admin_bootstrapped',
  'api_key_created',
  'api_key_revoked',
  'mfa_setup_started',
  'mfa_enabled',
  'mfa_disabled',
  'mfa_backup_code_used',
  'mfa_failed',
  'verification_resent',
  'password_changed',
  'profile_updated',
  'oauth_linked',
  'role_changed',
  'plan_changed',
  'user_disabled',
  'user_enabled',
] as const;
export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

export interface AuthEventInput {
  type: AuthEventType;
  userId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

export type AuthEventRow = typeof authEvents.$inferSelect;

export interface AuthEventsQuery {
  userId?: string;
  type?: AuthEventType;
  /** Page size, 1–500; the route bounds what clients may ask for. */
  limit: number;
  cursor?: string;
}

/** The append-only authentication log: there is no update or delete path. */
export function createAuthEventsRepo(db: DbExecutor, deps: { ids: IdGenerator; now: () => Date }) {
  return {
    async record(event: AuthEventInput, exec: DbExecutor = db): Promise<void> {
      await exec.insert(authEvents).values({
        id: deps.ids.newId('authEvent'),
        userId: event.userId ?? null,
        type: event.type,
        ip: event.ip ?? null,
        userAgent: event.userAgent ?? null,
        detail: event.detail ?? {},
        at: deps.now(),
      });
    },

    /**
     * One page, newest first. Keyset pagination on (at, id): an event recorded while a client
     * pages sorts before the cursor, so later pages neither repeat nor skip anything. Throws
     * AppError `bad_request` for a cursor this repo did not issue.
     */
    async list(
      { userId, type, limit, cursor }: AuthEventsQuery,
      exec: DbExecutor = db,
    ): Promise<{ items: AuthEventRow[]; nextCursor: string | null }> {
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new RangeError(`limit must be an integer from 1 to 500, got ${limit}`);
      }
      const conditions: SQL[] = [];
      if (userId !== undefined) conditions.push(eq(authEvents.userId, userId));
      if (type !== undefined) conditions.push(eq(authEvents.type, type));
      if (cursor !== undefined) conditions.push(keysetAfter(authEvents.at, authEvents.id, cursor));
      const rows = await exec
        .select({ ...getTableColumns(authEvents), cursorTs: keysetTimestamp(authEvents.at) })
        .from(authEvents)
        .where(and(...conditions))
        .orderBy(desc(authEvents.at), desc(authEvents.id))
        .limit(limit + 1);
      return keysetPage(rows, limit);
    },
  };
}

export type AuthEventsRepo = ReturnType<typeof createAuthEventsRepo>;
