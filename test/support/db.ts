import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { createPgliteDatabase, createPostgresDatabase, type Database } from '../../src/platform/db/index.js';

export interface TestDatabase extends Database {
  /** Drops the throw-away PostgreSQL database (no-op for PGlite) after closing. */
  destroy(): Promise<void>;
}

/**
 * A migrated, empty database for one test file: PGlite loaded from the run's template, or — in
 * the services project (TEST_DATABASE_URL set) — a fresh PostgreSQL database created on the
 * real server and dropped afterwards, so files run in parallel without sharing rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const template = readFileSync(inject('pgliteTemplate'));
    const database = await createPgliteDatabase({ loadDataDir: new Blob([template]) });
    return Object.assign(database, { destroy: () => database.close() });
  }
  const name = `gpb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await createPostgresDatabase({ url: dbUrl.toString(), maxConnections: 5 });
  await database.migrate();
  return Object.assign(database, {
    async destroy() {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  });
}

/** True in the services project, where the real PostgreSQL server is under test. */
export const onRealPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);
