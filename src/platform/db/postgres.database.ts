import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Db, SqlResult } from './database.js';
import { MIGRATION_LOCK_KEY, migrationsFolder } from './migrations.js';

export interface PostgresOptions {
  url: string;
  /** Pool size per process; Aurora Serverless scales connections with ACUs. */
  maxConnections?: number;
  applicationName?: string;
}

/** The production adapter: PostgreSQL / Aurora through a `pg` pool. */
export async function createPostgresDatabase(
  options: PostgresOptions,
): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'gpubroker',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener that
  // would crash the process. The next query reconnects.
  pool.on('error', () => {});
  const db = drizzle(pool) as unknown as Db;
  let closed = false;

  return {
    kind: 'postgres',
    pool,
    db,
    transaction: (fn) => db.transaction(fn),
    async executeSql<Row>(text: string, values?: unknown[]): Promise<SqlResult<Row>> {
      const result = await pool.query(text, values as unknown[] | undefined);
      // A multi-statement string returns an array of results; callers want the last one.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { rows: (last?.rows ?? []) as Row[], rowCount: last?.rowCount ?? 0 };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async migrate() {
      // Several instances may start at once: one migrates while the others wait on the lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrate(drizzle(client) as never, { migrationsFolder: migrationsFolder() });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
