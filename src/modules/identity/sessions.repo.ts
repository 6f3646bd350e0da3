import { and, eq, isNull } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { refreshTokens } from './identity.tables.js';

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
export type NewRefreshToken = typeof refreshTokens.$inferInsert;

/** Refresh tokens (one family per login session). */
export function createSessionsRepo(db: DbExecutor) {
  return {
    async insert(row: NewRefreshToken, exec: DbExecutor = db): Promise<void> {
      await exec.insert(refreshTokens).values(row);
    },

    /** The token row locked for update: concurrent refreshes of one token run one after another. */
    async byHashForUpdate(tokenHash: string, exec: DbExecutor): Promise<RefreshTokenRow | undefined> {
      const [row] = await exec
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .for('update');
      return row;
    },

    async markUsed(id: string, now: Date, exec: DbExecutor): Promise<void> {
      await exec.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.id, id));
    },

    /** Revokes every live token of the family; returns how many were revoked. */
    async revokeFamily(familyId: string, now: Date, exec: DbExecutor = db): Promise<number> {
      const rows = await exec
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      return rows.length;
    },

    /** Revokes every live refresh token of the user (all sessions); returns how many. */
    async revokeAllForUser(userId: string, now: Date, exec: DbExecutor = db): Promise<number> {
      const rows = await exec
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      return rows.length;
    },
  };
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
