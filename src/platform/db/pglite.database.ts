import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import type { Database, Db, SqlResult } from './database.js';
import { migrationsFolder } from './migrations.js';

export interface PgliteOptions {
  /** Directory to persist into (locked exclusively); omitted = in memory. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (tests start from a migrated template this way). */
  loadDataDir?: Blob;
}

/** The embedded adapter: Postgres compiled to WASM, in this process, persisted under the data dir. */
export async function createPgliteDatabase(
  options: PgliteOptions = {},
): Promise<Database & { client: PGlite }> {
  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if (options.dataDir) {
    lock = acquireDataDirLock(options.dataDir);
    dataDir = join(options.dataDir, 'pglite');
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzle(client) as unknown as Db;
  let closed = false;

  return {
    kind: 'pglite',
    client,
    db,
    transaction: (fn) => db.transaction(fn),
    async executeSql<Row>(text: string, values?: unknown[]): Promise<SqlResult<Row>> {
      if (!values || values.length === 0) {
        // exec() accepts several statements in one string (pg-boss sends such scripts).
        const results = await client.exec(text);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
      }
      const result = await client.query<Row>(text, values);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async migrate() {
      await migrate(db as never, { migrationsFolder: migrationsFolder() });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
