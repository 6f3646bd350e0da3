import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { idempotencyKeys } from './pods.tables.js';

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'conflict' };

/** A stable fingerprint of what was asked with a key: the scope (route) and the canonical body. */
export function requestHash(scope: string, body: unknown): string {
  return createHash('sha256')
    .update(`${scope}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` storage. `claim` runs first in the transaction of the change: the insert takes
 * the key (a concurrent request with the same key waits on the unique index until this
 * transaction ends, then sees the stored response); `complete` stores the response before commit.
 * A rolled-back transaction releases the key.
 */
export function createIdempotencyRepo() {
  return {
    async claim(
      exec: DbExecutor,
      q: { userId: string; key: string; scope: string; requestHash: string; now: Date },
    ): Promise<IdempotencyClaim> {
      const inserted = await exec
        .insert(idempotencyKeys)
        .values({
          userId: q.userId,
          key: q.key,
          scope: q.scope,
          requestHash: q.requestHash,
          statusCode: 0,
          response: null,
          createdAt: q.now,
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return { kind: 'new' };
      const [row] = await exec
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, q.userId), eq(idempotencyKeys.key, q.key)));
      if (!row || row.scope !== q.scope || row.requestHash !== q.requestHash || row.statusCode === 0)
        return { kind: 'conflict' };
      return { kind: 'replay', statusCode: row.statusCode, response: row.response };
    },

    async complete(
      exec: DbExecutor,
      q: { userId: string; key: string; statusCode: number; response: unknown },
    ): Promise<void> {
      await exec
        .update(idempotencyKeys)
        .set({ statusCode: q.statusCode, response: q.response })
        .where(and(eq(idempotencyKeys.userId, q.userId), eq(idempotencyKeys.key, q.key)));
    },

    /** Frees a key whose request failed before completing (the client may retry with it). */
    async release(exec: DbExecutor, q: { userId: string; key: string }): Promise<void> {
      await exec
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.userId, q.userId),
            eq(idempotencyKeys.key, q.key),
            eq(idempotencyKeys.statusCode, 0),
          ),
        );
    },
  };
}

export type IdempotencyRepo = ReturnType<typeof createIdempotencyRepo>;
