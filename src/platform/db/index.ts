import { resolve } from 'node:path';
import type { Database } from './database.js';
import { createPgliteDatabase } from './pglite.database.js';
import { createPostgresDatabase } from './postgres.database.js';

export { DataDirLockedError } from './data-dir-lock.js';
export type { Database, Db, DbExecutor, SqlResult, Tx } from './database.js';
export {
  decodeKeysetCursor,
  encodeKeysetCursor,
  type KeysetPosition,
  keysetAfter,
  keysetPage,
  keysetTimestamp,
} from './keyset.js';
export { createPgliteDatabase } from './pglite.database.js';
export { createPostgresDatabase } from './postgres.database.js';

/**
 * Opens the database the configuration names: PostgreSQL when `databaseUrl` is set, else PGlite
 * persisted in `dataDir` (locked against a second process). Does not migrate.
 */
export async function openDatabase(cfg: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (cfg.databaseUrl) return createPostgresDatabase({ url: cfg.databaseUrl });
  return createPgliteDatabase({ dataDir: resolve(cfg.dataDir) });
}
