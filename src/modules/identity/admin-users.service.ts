import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import type { Role } from './identity.tables.js';
import type { RequestContext } from './secure-token.js';
import type { SessionCutoff } from './session-cutoff.js';
import type { SessionsRepo } from './sessions.repo.js';
import type { UserRow, UsersRepo } from './users.repo.js';

export interface AdminUsersDeps {
  database: Pick<Database, 'transaction'>;
  users: Pick<UsersRepo, 'byId' | 'update'>;
  sessions: Pick<SessionsRepo, 'revokeAllForUser'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  cutoff: Pick<SessionCutoff, 'cutOff'>;
  clock: Clock;
}

export interface AdminUserPatch {
  role?: Role | undefined;
  status?: 'active' | 'disabled' | undefined;
}

/** What a pod_admin changes about other accounts: role, and disabling/re-enabling. */
export function createAdminUsersService(deps: AdminUsersDeps) {
  const { database, users, authEvents, clock } = deps;

  return {
    /**
     * Applies the patch. Disabling ends every session at once (refresh tokens revoked, access
     * tokens cut off); a role change cuts off access tokens so the new role applies now. An admin
     * cannot change their own account here (no locking oneself out), nor touch an unconfirmed
     * account's status (it confirms by e-mail).
     */
    async update(
      adminId: string,
      userId: string,
      patch: AdminUserPatch,
      ctx: RequestContext,
    ): Promise<Result<UserRow, 'not_found' | 'conflict'>> {
      if (adminId === userId)
        return fail('conflict', 'Administrators cannot change their own role or status.');
      const user = await users.byId(userId);
      if (!user) return fail('not_found', 'No such user.');
      if (patch.status && user.status === 'unconfirmed')
        return fail('conflict', 'The account has not confirmed its e-mail address yet.');
      const roleChanged = patch.role !== undefined && patch.role !== user.role;
      const statusChanged = patch.status !== undefined && patch.status !== user.status;
      if (!roleChanged && !statusChanged) return ok(user);
      const now = clock.now();
      const updated = await database.transaction(async (tx) => {
        const row = await users.update(
          userId,
          {
            ...(roleChanged ? { role: patch.role } : {}),
            ...(statusChanged ? { status: patch.status } : {}),
            updatedAt: now,
          },
          tx,
        );
        if (roleChanged)
          await authEvents.record(
            {
              type: 'role_changed',
              userId,
              ...ctx,
              detail: { from: user.role, to: patch.role, by: adminId },
            },
            tx,
          );
        if (statusChanged) {
          const revoked =
            patch.status === 'disabled' ? await deps.sessions.revokeAllForUser(userId, now, tx) : 0;
          await authEvents.record(
            {
              type: patch.status === 'disabled' ? 'user_disabled' : 'user_enabled',
              userId,
              ...ctx,
              detail: { by: adminId, ...(revoked ? { sessions_revoked: revoked } : {}) },
            },
            tx,
          );
        }
        return row;
      });
      if (!updated) return fail('not_found', 'No such user.');
      await deps.cutoff.cutOff(userId);
      return ok(updated);
    },
  };
}

export type AdminUsersService = ReturnType<typeof createAdminUsersService>;
