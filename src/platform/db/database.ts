import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/**
 * The database port. Both adapters (PGlite embedded, PostgreSQL via `pg`) expose the same
 * Drizzle query builder, so repositories are written once.
 *
 * PGlite has one connection: inside `transaction(fn)` use the `tx` handed to `fn`; touching
 * `db` there waits for the transaction and so deadlocks.
 */
export type Db = PgDatabase<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** What a repository method accepts: the database, or the transaction it should join. */
export type DbExecutor = Db | Tx;

export interface SqlResult<Row = Record<string, unknown>> {
  rows: Row[];
  rowCount: number;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Raw parameterised SQL (`$1`, `$2`…), for libraries that bring their own SQL (pg-boss). */
  executeSql<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<SqlResult<Row>>;
  /** Cheap round trip used by readiness checks; rejects when the database is unreachable. */
  ping(): Promise<void>;
  /** Applies pending migrations; safe to call from several processes at once on PostgreSQL. */
  migrate(): Promise<void>;
  /** Closes connections (and releases the data-dir lock for PGlite). Idempotent. */
  close(): Promise<void>;
}
