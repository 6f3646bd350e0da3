import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { Principal } from './access-token.service.js';
import type { ApiKeyRow, ApiKeysRepo } from './api-keys.repo.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import { hashToken, type RequestContext } from './secure-token.js';

export const API_KEY_PREFIX = 'gpb_';
/** Active (not revoked) keys one user may hold. */
export const MAX_ACTIVE_API_KEYS = 25;
/** `last_used_at` is written at most this often per key: a write per request would cost more than the read. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiKeysDeps {
  database: Pick<Database, 'transaction'>;
  keys: ApiKeysRepo;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  ids: IdGenerator;
  clock: Clock;
}

/** Creation, listing, revocation and verification of `gpb_` API keys. */
export function createApiKeysService({ database, keys, authEvents, ids, clock }: ApiKeysDeps) {
  return {
    /** A new key for `userId`; the key itself is returned here only and never stored. */
    async create(
      userId: string,
      name: string,
      ctx: RequestContext,
    ): Promise<Result<{ row: ApiKeyRow; key: string }, 'conflict' | 'unauthorized'>> {
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      return database.transaction(async (tx) => {
        if (!(await keys.lockUser(userId, tx))) return fail('unauthorized', 'The account no longer exists.');
        if ((await keys.countActive(userId, tx)) >= MAX_ACTIVE_API_KEYS)
          return fail('conflict', `At most ${MAX_ACTIVE_API_KEYS} active API keys; revoke one first.`);
        const row = await keys.insert(
          {
            id: ids.newId('apiKey'),
            userId,
            name,
            prefix: key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + 8),
            secretHash: hashToken(key),
            createdAt: clock.now(),
          },
          tx,
        );
        await authEvents.record(
          { type: 'api_key_created', userId, ...ctx, detail: { api_key_id: row.id, prefix: row.prefix } },
          tx,
        );
        return ok({ row, key });
      });
    },

    list(userId: string): Promise<ApiKeyRow[]> {
      return keys.listActive(userId);
    },

    /** Revokes one of the user's keys; `not_found` for another user's, an unknown or a revoked key. */
    async revoke(userId: string, id: string, ctx: RequestContext): Promise<Result<void, 'not_found'>> {
      return database.transaction(async (tx) => {
        const row = await keys.revoke(id, userId, clock.now(), tx);
        if (!row) return fail('not_found', 'No such API key.');
        await authEvents.record(
          { type: 'api_key_revoked', userId, ...ctx, detail: { api_key_id: row.id, prefix: row.prefix } },
          tx,
        );
        return ok(undefined);
      });
    },

    /**
     * The principal of a `gpb_` key, with the owner's current role and plan; null for an unknown or
     * revoked key or an owner who is not active. The lookup is by hash, so no secret is compared.
     */
    async verify(key: string): Promise<Principal | null> {
      if (!key.startsWith(API_KEY_PREFIX)) return null;
      const found = await keys.activeByHash(hashToken(key));
      if (found?.status !== 'active') return null;
      const now = clock.now();
      const staleBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
      if (!found.lastUsedAt || found.lastUsedAt < staleBefore) await keys.touch(found.id, now, staleBefore);
      return { userId: found.userId, role: found.role, plan: found.plan };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
