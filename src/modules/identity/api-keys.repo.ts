import { and, count, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { apiKeys } from './api-keys.tables.js';
import { users } from './identity.tables.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** API keys: all their SQL. */
export function createApiKeysRepo(db: DbExecutor) {
  return {
    async insert(row: typeof apiKeys.$inferInsert, exec: DbExecutor = db): Promise<ApiKeyRow> {
      const [inserted] = await exec.insert(apiKeys).values(row).returning();
      return inserted!;
    },

    /** Locks the user row so concurrent creations of one user are counted one after the other. */
    async lockUser(userId: string, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
      return rows.length > 0;
    },

    async countActive(userId: string, exec: DbExecutor = db): Promise<number> {
      const [row] = await exec
        .select({ n: count() })
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
      return row?.n ?? 0;
    },

    /** The user's keys that are not revoked, newest first. */
    async listActive(userId: string, exec: DbExecutor = db): Promise<ApiKeyRow[]> {
      return exec
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
    },

    /** Revokes the user's key; null when it is not theirs, unknown or already revoked. */
    async revoke(id: string, userId: string, now: Date, exec: DbExecutor = db): Promise<ApiKeyRow | null> {
      const [row] = await exec
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
        .returning();
      return row ?? null;
    },

    /** The key with this hash and not revoked, with its owner's current role, plan and status. */
    async activeByHash(secretHash: string, exec: DbExecutor = db) {
      const [row] = await exec
        .select({
          id: apiKeys.id,
          lastUsedAt: apiKeys.lastUsedAt,
          userId: users.id,
          role: users.role,
          plan: users.plan,
          status: users.status,
        })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)));
      return row ?? null;
    },

    /**
     * Sets `last_used_at = now` unless it is already later than `staleBefore`: the condition in the
     * statement keeps several instances from all writing within the same minute.
     */
    async touch(id: string, now: Date, staleBefore: Date, exec: DbExecutor = db): Promise<void> {
      await exec
        .update(apiKeys)
        .set({ lastUsedAt: now })
        .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
    },
  };
}

export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;
