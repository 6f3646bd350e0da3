import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Db, DbExecutor } from '../db/index.js';
import { AppError } from '../errors/app-error.js';
import { mailMessages } from './mail.tables.js';

export type MailMessage = typeof mailMessages.$inferSelect;
export type NewMailMessage = typeof mailMessages.$inferInsert;

export interface MailboxPage {
  /** Newest first (created_at, then id, both descending). */
  items: MailMessage[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface MailboxListQuery {
  /** Only messages to this exact address. */
  to?: string;
  /** Page size, 1–500; the route bounds what clients may ask for. */
  limit: number;
  cursor?: string;
}

export interface MailboxRepo {
  insert(row: NewMailMessage, tx?: DbExecutor): Promise<void>;
  /**
   * One page of messages, newest first. Keyset pagination on (created_at, id): a message
   * recorded while a client pages lands before the cursor, so later pages neither repeat nor
   * skip anything. Throws AppError `bad_request` for a cursor this repo did not issue.
   */
  list(query: MailboxListQuery, tx?: DbExecutor): Promise<MailboxPage>;
}

// The cursor keeps created_at with PostgreSQL's microseconds: a JS Date has milliseconds only,
// and rows written with `defaultNow()` differing below the millisecond would be skipped.
const cursorTimestamp = sql<string>`to_char(${mailMessages.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeMailboxCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

/** Null when `cursor` is not one `list` issued. */
export function decodeMailboxCursor(cursor: string): { createdAt: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const sep = decoded.indexOf('|');
  const createdAt = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  if (sep < 0 || !CURSOR_TS_RE.test(createdAt) || id === '' || id.length > 100) return null;
  return { createdAt, id };
}

export function createMailboxRepo(db: Db): MailboxRepo {
  return {
    async insert(row, tx = db) {
      await tx.insert(mailMessages).values(row);
    },

    async list({ to, limit, cursor }, tx = db) {
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new RangeError(`limit must be an integer from 1 to 500, got ${limit}`);
      }
      const conditions: SQL[] = [];
      if (to !== undefined) conditions.push(eq(mailMessages.to, to));
      if (cursor !== undefined) {
        const after = decodeMailboxCursor(cursor);
        if (!after) throw new AppError('bad_request', { detail: 'The cursor is not valid.' });
        conditions.push(
          sql`(${mailMessages.createdAt}, ${mailMessages.id}) < (${after.createdAt}::timestamptz, ${after.id})`,
        );
      }
      const rows = await tx
        .select({ ...getTableColumns(mailMessages), cursorTs: cursorTimestamp })
        .from(mailMessages)
        .where(and(...conditions))
        .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
        .limit(limit + 1);

      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(({ cursorTs: _, ...item }) => item),
        nextCursor: rows.length > limit && last ? encodeMailboxCursor(last.cursorTs, last.id) : null,
      };
    },
  };
}
