import { and, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { Db, DbExecutor } from '../db/index.js';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  keysetAfter,
  keysetPage,
  keysetTimestamp,
} from '../db/keyset.js';
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

/** The mailbox's cursor is the shared keyset cursor on (created_at, id). */
export function encodeMailboxCursor(createdAt: string, id: string): string {
  return encodeKeysetCursor({ at: createdAt, id });
}

/** Null when `cursor` is not one `list` issued. */
export function decodeMailboxCursor(cursor: string): { createdAt: string; id: string } | null {
  const position = decodeKeysetCursor(cursor);
  return position ? { createdAt: position.at, id: position.id } : null;
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
      if (cursor !== undefined) conditions.push(keysetAfter(mailMessages.createdAt, mailMessages.id, cursor));
      const rows = await tx
        .select({ ...getTableColumns(mailMessages), cursorTs: keysetTimestamp(mailMessages.createdAt) })
        .from(mailMessages)
        .where(and(...conditions))
        .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
        .limit(limit + 1);
      return keysetPage(rows, limit);
    },
  };
}
