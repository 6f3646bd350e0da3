import type { Database, SqlResult } from '../db/index.js';

/**
 * pg-boss wraps its schema scripts and maintenance commands as
 * `BEGIN; SET LOCAL …; SELECT pg_advisory_xact_lock(…); <commands>; COMMIT;` in one string.
 * When a command fails (the "already exists" of two instances installing at once, the "division
 * by zero" its migrations raise on purpose when already applied) the rest of the string — COMMIT
 * included — is skipped. PostgreSQL then rolls the transaction back by itself; PGlite does not:
 * its one session stays inside the aborted transaction block, and every later query of the whole
 * process fails with "current transaction is aborted" (measured with PGlite 0.5).
 *
 * Without the explicit BEGIN/COMMIT, a multi-statement string sent as one simple query already runs
 * as ONE implicit transaction on both engines: atomic, `SET LOCAL` and `pg_advisory_xact_lock` last
 * until its end, and an error rolls it back. So the wrapper is stripped.
 */
const EXPLICIT_TRANSACTION = /^\s*BEGIN\s*;([\s\S]*?;)\s*COMMIT\s*;?\s*$/i;

/** The script without its outer `BEGIN; … COMMIT;` (unchanged when it has none). */
export function toImplicitTransaction(text: string): string {
  const match = EXPLICIT_TRANSACTION.exec(text);
  return match ? match[1]!.trim() : text;
}

/** What pg-boss calls instead of opening its own pool (`new PgBoss({ db })`). */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  /** Resolves once no statement issued through this bridge is running. */
  idle(): Promise<void>;
}

/**
 * Runs pg-boss's SQL through the Database port, so pg-boss shares the process's PGlite (one
 * connection, no LISTEN needed: workers poll) or PostgreSQL pool. Parameterless strings may hold
 * several statements: both adapters send them as one simple query (PGlite `exec`, `pg` simple
 * protocol) — which is what makes the implicit transaction above work.
 */
export function createPgBossDb(database: Pick<Database, 'executeSql'>): PgBossDb {
  let running = 0;
  let waiters: Array<() => void> = [];

  return {
    async executeSql(text, values) {
      running++;
      try {
        if (values && values.length > 0) return await database.executeSql(text, values);
        return await database.executeSql(toImplicitTransaction(text));
      } finally {
        running--;
        if (running === 0) {
          const done = waiters;
          waiters = [];
          for (const wake of done) wake();
        }
      }
    },
    idle() {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
