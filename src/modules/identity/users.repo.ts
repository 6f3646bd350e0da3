import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { emailVerificationTokens, type Plan, type Role, type UserStatus, users } from './identity.tables.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/** Users and their e-mail verification tokens: all the SQL of accounts. */
export function createUsersRepo(db: DbExecutor) {
  return {
    /**
     * Inserts the user; `{ ok: false }` when the e-mail is taken. `on conflict do nothing` rather
     * than catching the unique violation: an error would abort the caller's transaction.
     */
    async insert(row: NewUser, exec: DbExecutor = db): Promise<{ ok: true; user: UserRow } | { ok: false }> {
      const [user] = await exec
        .insert(users)
        .values(row)
        .onConflictDoNothing({ target: users.email })
        .returning();
      return user ? { ok: true, user } : { ok: false };
    },

    async byId(id: string, exec: DbExecutor = db): Promise<UserRow | undefined> {
      const [row] = await exec.select().from(users).where(eq(users.id, id));
      return row;
    },

    /** `email` must already be normalised (trimmed, lower-cased). */
    async byEmail(email: string, exec: DbExecutor = db): Promise<UserRow | undefined> {
      const [row] = await exec.select().from(users).where(eq(users.email, email));
      return row;
    },

    async update(
      id: string,
      patch: Partial<{ status: UserStatus; role: Role; plan: Plan; passwordHash: string; updatedAt: Date }>,
      exec: DbExecutor = db,
    ): Promise<UserRow | undefined> {
      const [row] = await exec.update(users).set(patch).where(eq(users.id, id)).returning();
      return row;
    },

    /** Activates an `unconfirmed` user (a disabled one stays disabled); returns the user row. */
    async confirm(id: string, now: Date, exec: DbExecutor = db): Promise<UserRow | undefined> {
      await exec
        .update(users)
        .set({ status: 'active', updatedAt: now })
        .where(and(eq(users.id, id), eq(users.status, 'unconfirmed')));
      const [row] = await exec.select().from(users).where(eq(users.id, id));
      return row;
    },

    async insertVerificationToken(
      row: { tokenHash: string; userId: string; expiresAt: Date; createdAt: Date },
      exec: DbExecutor = db,
    ): Promise<void> {
      await exec.insert(emailVerificationTokens).values(row);
    },

    /**
     * Spends a verification token: marks it used when it is unused and not expired at `now`, in
     * one statement so two concurrent confirmations cannot both succeed. Returns its user id.
     */
    async spendVerificationToken(
      tokenHash: string,
      now: Date,
      exec: DbExecutor = db,
    ): Promise<string | null> {
      const [row] = await exec
        .update(emailVerificationTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(emailVerificationTokens.tokenHash, tokenHash),
            isNull(emailVerificationTokens.usedAt),
            gt(emailVerificationTokens.expiresAt, now),
          ),
        )
        .returning({ userId: emailVerificationTokens.userId });
      return row?.userId ?? null;
    },
  };
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;
