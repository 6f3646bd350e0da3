import { and, eq, getTableColumns } from 'drizzle-orm';
import type { DbExecutor } from '../../../platform/db/index.js';
import { type Role, userIdentities, users } from '../identity.tables.js';
import type { UserRow } from '../users.repo.js';

const PROVIDER = 'cognito' as const;

/** Links of Cognito pool users (`sub`) to local user rows: the SQL of `user_identities` for Cognito. */
export function createCognitoLinksRepo(db: DbExecutor) {
  return {
    /** The local user linked to the pool user `sub`, if any. */
    async userBySubject(sub: string, exec: DbExecutor = db): Promise<UserRow | undefined> {
      const [row] = await exec
        .select(getTableColumns(users))
        .from(userIdentities)
        .innerJoin(users, eq(users.id, userIdentities.userId))
        .where(and(eq(userIdentities.provider, PROVIDER), eq(userIdentities.subject, sub)));
      return row;
    },

    /**
     * Links `sub` to `userId`; a `sub` already linked keeps its user (two first logins racing
     * both end here). Returns the user id the `sub` is linked to afterwards.
     */
    async link(
      row: { sub: string; userId: string; email: string | null; now: Date },
      exec: DbExecutor = db,
    ): Promise<string> {
      await exec
        .insert(userIdentities)
        .values({
          provider: PROVIDER,
          subject: row.sub,
          userId: row.userId,
          email: row.email,
          createdAt: row.now,
        })
        .onConflictDoNothing({ target: [userIdentities.provider, userIdentities.subject] });
      const [linked] = await exec
        .select({ userId: userIdentities.userId })
        .from(userIdentities)
        .where(and(eq(userIdentities.provider, PROVIDER), eq(userIdentities.subject, row.sub)));
      return linked!.userId;
    },

    /**
     * Sets the role of `userId` from `from` to `to`; undefined when the role was no longer `from` (a
     * concurrent request synced it first), so the change is recorded once.
     */
    async syncRole(
      userId: string,
      from: Role,
      to: Role,
      now: Date,
      exec: DbExecutor = db,
    ): Promise<UserRow | undefined> {
      const [row] = await exec
        .update(users)
        .set({ role: to, updatedAt: now })
        .where(and(eq(users.id, userId), eq(users.role, from)))
        .returning();
      return row;
    },

    async touchLogin(sub: string, now: Date, exec: DbExecutor = db): Promise<void> {
      await exec
        .update(userIdentities)
        .set({ lastLoginAt: now })
        .where(and(eq(userIdentities.provider, PROVIDER), eq(userIdentities.subject, sub)));
    },
  };
}

export type CognitoLinksRepo = ReturnType<typeof createCognitoLinksRepo>;
