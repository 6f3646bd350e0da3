import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError, fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import { checkPasswordPolicy, type PasswordHasher } from './password.js';
import type { RequestContext } from './secure-token.js';
import type { SessionService, TokenPair } from './session.service.js';
import type { SessionCutoff } from './session-cutoff.js';
import type { SessionsRepo } from './sessions.repo.js';
import type { UserRow, UsersRepo } from './users.repo.js';

export interface AccountDeps {
  database: Pick<Database, 'transaction'>;
  users: Pick<UsersRepo, 'byId' | 'update'>;
  sessions: Pick<SessionsRepo, 'revokeAllForUser'>;
  sessionService: Pick<SessionService, 'start'>;
  passwords: Pick<PasswordHasher, 'hash' | 'verify'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  cutoff: Pick<SessionCutoff, 'cutOff'>;
  clock: Clock;
}

/** What a signed-in user changes about their own account: profile and password. */
export function createAccountService(deps: AccountDeps) {
  const { database, users, passwords, authEvents, clock } = deps;

  async function mustFind(userId: string): Promise<UserRow> {
    const user = await users.byId(userId);
    if (!user || user.status === 'disabled')
      throw new AppError('unauthorized', { detail: 'The account no longer exists or is disabled.' });
    return user;
  }

  return {
    async updateProfile(
      userId: string,
      patch: { name?: string | undefined },
      ctx: RequestContext,
    ): Promise<Result<UserRow, 'validation_failed'>> {
      await mustFind(userId);
      const name = patch.name?.trim();
      if (name === '')
        return fail('validation_failed', 'The name is empty.', [
          { path: '/body/name', message: 'must not be blank' },
        ]);
      const updated = await database.transaction(async (tx) => {
        const row = await users.update(userId, { ...(name ? { name } : {}), updatedAt: clock.now() }, tx);
        await authEvents.record(
          { type: 'profile_updated', userId, ...ctx, detail: { fields: name ? ['name'] : [] } },
          tx,
        );
        return row;
      });
      if (!updated) throw new AppError('unauthorized', { detail: 'The account no longer exists.' });
      return ok(updated);
    },

    /**
     * Changes the password after checking the current one, ends every session of the user (a
     * thief holding a refresh token is locked out) and opens a new one for the caller.
     * Accounts created through OAuth have no password: they set one with `currentPassword` empty.
     */
    async changePassword(
      userId: string,
      currentPassword: string,
      newPassword: string,
      ctx: RequestContext,
    ): Promise<Result<TokenPair, 'validation_failed'>> {
      const user = await mustFind(userId);
      const currentOk = user.passwordHash
        ? await passwords.verify(user.passwordHash, currentPassword)
        : currentPassword === '';
      if (!currentOk)
        return fail('validation_failed', 'The current password is not correct.', [
          { path: '/body/current_password', message: 'is not correct' },
        ]);
      const problems = checkPasswordPolicy(newPassword, '/body/new_password');
      if (problems.length > 0) return fail('validation_failed', 'The new password is too weak.', problems);
      const passwordHash = await passwords.hash(newPassword);
      const now = clock.now();
      const updated = await database.transaction(async (tx) => {
        const row = await users.update(userId, { passwordHash, updatedAt: now }, tx);
        const revoked = await deps.sessions.revokeAllForUser(userId, now, tx);
        await authEvents.record(
          { type: 'password_changed', userId, ...ctx, detail: { sessions_revoked: revoked } },
          tx,
        );
        return row;
      });
      if (!updated) throw new AppError('unauthorized', { detail: 'The account no longer exists.' });
      // Access tokens already out (a thief's too) stop now; the caller gets a fresh pair.
      await deps.cutoff.cutOff(userId);
      return ok(await deps.sessionService.start(updated, ctx));
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
