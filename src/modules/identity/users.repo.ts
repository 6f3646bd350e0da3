import { and, desc, eq, getTableColumns, gt, ilike, isNull, lt, or, type SQL } from 'drizzle-orm';
import { type DbExecutor, keysetAfter, keysetPage, keysetTimestamp } from '../../platform/db/index.js';
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
      patch: Partial<{
        status: UserStatus;
        role: Role;
        plan: Plan;
        requestedPlan: Plan | null;
        name: string;
        passwordHash: string;
        updatedAt: Date;
      }>,
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

    /**
     * Users newest first, keyset-paginated on (created_at, id); `email` matches a substring.
     * Throws AppError `bad_request` for a cursor this repo did not issue.
     */
    async list(
      q: {
        email?: string | undefined;
        role?: Role | undefined;
        status?: UserStatus | undefined;
        limit: number;
        cursor?: string | undefined;
      },
      exec: DbExecutor = db,
    ): Promise<{ items: UserRow[]; nextCursor: string | null }> {
      const conditions: SQL[] = [];
      if (q.email) conditions.push(ilike(users.email, `%${q.email.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      if (q.role) conditions.push(eq(users.role, q.role));
      if (q.status) conditions.push(eq(users.status, q.status));
      if (q.cursor !== undefined) conditions.push(keysetAfter(users.createdAt, users.id, q.cursor));
      const rows = await exec
        .select({ ...getTableColumns(users), cursorTs: keysetTimestamp(users.createdAt) })
        .from(users)
        .where(and(...conditions))
        .orderBy(desc(users.createdAt), desc(users.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit);
    },

    /** Stores a TOTP secret being enrolled (sealed); MFA stays off until `enableMfa`. */
    async setPendingTotp(id: string, sealedSecret: string, now: Date, exec: DbExecutor = db): Promise<void> {
      await exec
        .update(users)
        .set({ mfaTotpSecret: sealedSecret, mfaEnabledAt: null, mfaTotpLastStep: null, updatedAt: now })
        .where(and(eq(users.id, id), isNull(users.mfaEnabledAt)));
    },

    /** Puts MFA in force; false when it already was (a concurrent enable won). */
    async enableMfa(id: string, now: Date, lastStep: number, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .update(users)
        .set({ mfaEnabledAt: now, mfaTotpLastStep: lastStep, updatedAt: now })
        .where(and(eq(users.id, id), isNull(users.mfaEnabledAt)))
        .returning({ id: users.id });
      return rows.length === 1;
    },

    async disableMfa(id: string, now: Date, exec: DbExecutor = db): Promise<void> {
      await exec
        .update(users)
        .set({ mfaTotpSecret: null, mfaEnabledAt: null, mfaTotpLastStep: null, updatedAt: now })
        .where(eq(users.id, id));
    },

    /**
     * Records `step` as the last accepted TOTP step, only when it is later than the one stored:
     * one statement, so a code replayed concurrently is accepted once. False for a replay.
     */
    async advanceTotpStep(id: string, step: number, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .update(users)
        .set({ mfaTotpLastStep: step })
        .where(and(eq(users.id, id), or(isNull(users.mfaTotpLastStep), lt(users.mfaTotpLastStep, step))))
        .returning({ id: users.id });
      return rows.length === 1;
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
