import { and, eq } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { type ExternalIdentityProvider, userIdentities } from './identity.tables.js';

export type UserIdentityRow = typeof userIdentities.$inferSelect;

/** Links between local users and their accounts at external identity providers (OAuth logins). */
export function createOAuthIdentitiesRepo(db: DbExecutor) {
  return {
    async byProviderSubject(
      provider: ExternalIdentityProvider,
      subject: string,
      exec: DbExecutor = db,
    ): Promise<UserIdentityRow | undefined> {
      const [row] = await exec
        .select()
        .from(userIdentities)
        .where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, subject)));
      return row;
    },

    /** Inserts the link; false when (provider, subject) is already linked (a concurrent login won). */
    async insert(
      row: {
        provider: ExternalIdentityProvider;
        subject: string;
        userId: string;
        email: string | null;
        at: Date;
      },
      exec: DbExecutor = db,
    ): Promise<boolean> {
      const inserted = await exec
        .insert(userIdentities)
        .values({
          provider: row.provider,
          subject: row.subject,
          userId: row.userId,
          email: row.email,
          createdAt: row.at,
          lastLoginAt: row.at,
        })
        .onConflictDoNothing()
        .returning({ userId: userIdentities.userId });
      return inserted.length > 0;
    },

    async touch(
      provider: ExternalIdentityProvider,
      subject: string,
      at: Date,
      exec: DbExecutor = db,
    ): Promise<void> {
      await exec
        .update(userIdentities)
        .set({ lastLoginAt: at })
        .where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, subject)));
    },
  };
}

export type OAuthIdentitiesRepo = ReturnType<typeof createOAuthIdentitiesRepo>;
