import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
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

// The cursor keeps `at` with PostgreSQL's microseconds (a JS Date has milliseconds only), so two
// events differing below the millisecond are neither skipped nor repeated across pages.
const cursorTimestamp = sql<string>`to_char(${authEvents.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(.{1,100})$/s;

const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { at: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const m = CURSOR_RE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { at: m[1]!, id: m[2]! } : null;
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
      if (cursor !== undefined) {
        const after = decodeCursor(cursor);
        if (!after) throw new AppError('bad_request', { detail: 'The cursor is not valid.' });
        conditions.push(sql`(${authEvents.at}, ${authEvents.id}) < (${after.at}::timestamptz, ${after.id})`);
      }
      const rows = await exec
        .select({ ...getTableColumns(authEvents), cursorTs: cursorTimestamp })
        .from(authEvents)
        .where(and(...conditions))
        .orderBy(desc(authEvents.at), desc(authEvents.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(({ cursorTs: _, ...row }) => row),
        nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.id) : null,
      };
    },
  };
}

export type AuthEventsRepo = ReturnType<typeof createAuthEventsRepo>;
