import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../errors/app-error.js';

/**
 * Keyset pagination, newest first, on (timestamp, id) — the API's opaque, insert-stable cursors.
 * A row written while a client pages sorts before its cursor, so later pages neither repeat nor
 * skip anything. The cursor keeps the timestamp with PostgreSQL's microseconds: a JS Date has
 * milliseconds only, and rows differing below the millisecond would otherwise be skipped.
 */
export interface KeysetPosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as `keysetTimestamp` selects it. */
  at: string;
  id: string;
}

const CURSOR_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(.{1,100})$/s;

/** Select this alongside the row (`cursorTs: keysetTimestamp(t.createdAt)`) to build the next cursor. */
export function keysetTimestamp(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/** Null when `cursor` is not one `encodeKeysetCursor` made. */
export function decodeKeysetCursor(cursor: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const m = CURSOR_RE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? { at: m[1]!, id: m[2]! } : null;
}

/** The WHERE condition for rows after `cursor` (older); AppError `bad_request` for a foreign cursor. */
export function keysetAfter(atColumn: AnyColumn, idColumn: AnyColumn, cursor: string): SQL {
  const after = decodeKeysetCursor(cursor);
  if (!after) throw new AppError('bad_request', { detail: 'The cursor is not valid.' });
  return sql`(${atColumn}, ${idColumn}) < (${after.at}::timestamptz, ${after.id})`;
}

/**
 * Turns `limit + 1` rows (selected with `cursorTs`) into a page: the first `limit` rows without
 * `cursorTs`, and the cursor of the last one when more rows exist.
 */
export function keysetPage<R extends { id: string; cursorTs: string }>(
  rows: R[],
  limit: number,
): { items: Array<Omit<R, 'cursorTs'>>; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorTs: _, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeKeysetCursor({ at: last.cursorTs, id: last.id }) : null,
  };
}
