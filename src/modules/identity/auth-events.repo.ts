import type { DbExecutor } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { authEvents } from './identity.tables.js';

export type AuthEventType =
  | 'user_registered'
  | 'email_verified'
  | 'login_succeeded'
  | 'login_failed'
  | 'login_rate_limited'
  | 'refresh_reuse_detected'
  | 'logout'
  | 'admin_bootstrapped'
  | 'api_key_created'
  | 'api_key_revoked';

export interface AuthEventInput {
  type: AuthEventType;
  userId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

/** The append-only authentication log: there is no update or delete path. */
export function createAuthEventsRepo(db: DbExecutor, deps: { ids: IdGenerator; now: () => Date }) {
  return {
    async record(event: AuthEventInput, exec: DbExecutor = db): Promise<void> {
      await exec.insert(authEvents).values({
        id: deps.ids.newId('authEvent'),
        userId: event.userId ?? null,
        type: event.type,
        ip: event.ip ?? null,
        userAgent: event.userAgent ?? null,
        detail: event.detail ?? {},
        at: deps.now(),
      });
    },
  };
}

export type AuthEventsRepo = ReturnType<typeof createAuthEventsRepo>;
