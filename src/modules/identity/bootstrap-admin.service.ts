import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import type { PasswordHasher } from './password.js';
import { normalizeEmail } from './register.service.js';
import type { UsersRepo } from './users.repo.js';

export interface BootstrapAdminDeps {
  database: Pick<Database, 'transaction'>;
  users: Pick<UsersRepo, 'byEmail' | 'insert'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  passwords: Pick<PasswordHasher, 'hash'>;
  ids: IdGenerator;
  clock: Clock;
  logger: { info(obj: object, msg: string): void };
}

/**
 * Creates the first `pod_admin` from `GPUBROKER_ADMIN_EMAIL` / `GPUBROKER_ADMIN_PASSWORD` when no
 * account has that e-mail. Idempotent: an existing account is left exactly as it is (its password
 * and role are not reset), so restarts and several instances starting at once are harmless.
 */
export async function bootstrapAdmin(
  deps: BootstrapAdminDeps,
  admin: { email: string; password: string },
): Promise<'created' | 'exists'> {
  const email = normalizeEmail(admin.email);
  if (await deps.users.byEmail(email)) return 'exists';
  const passwordHash = await deps.passwords.hash(admin.password);
  const now = deps.clock.now();
  const created = await deps.database.transaction(async (tx) => {
    const inserted = await deps.users.insert(
      {
        id: deps.ids.newId('user'),
        email,
        passwordHash,
        name: 'Administrator',
        role: 'pod_admin',
        plan: 'enterprise',
        status: 'active',
        createdAt: now,
        updatedAt: now,
      },
      tx,
    );
    if (!inserted.ok) return null; // another instance won the race
    await deps.authEvents.record({ type: 'admin_bootstrapped', userId: inserted.user.id }, tx);
    return inserted.user;
  });
  if (!created) return 'exists';
  deps.logger.info({ user_id: created.id, email }, 'bootstrap pod_admin created');
  return 'created';
}
