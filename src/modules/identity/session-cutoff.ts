import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import { ACCESS_TOKEN_TTL_SECONDS, type Principal } from './access-token.service.js';

const key = (userId: string) => `auth:cutoff:${userId}`;

/**
 * Access tokens are stateless for 15 minutes; when a user is disabled, demoted or changes their
 * password, the tokens already out must stop working now. `cutOff` records the moment in the
 * cache (Redis in production, so every instance sees it) for as long as a token lives; the access
 * gate then refuses tokens issued before it. Costs one cache read per request made with a token.
 */
export function createSessionCutoff(deps: {
  cache: Pick<Cache, 'get' | 'set'>;
  clock: Clock;
  ttlSeconds?: number;
}) {
  const ttlMs = ((deps.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS) + 60) * 1000;
  return {
    async cutOff(userId: string): Promise<void> {
      await deps.cache.set(key(userId), Math.floor(deps.clock.nowMs() / 1000), ttlMs);
    },

    /** True when the token was issued before its user's last cut-off (same second still passes). */
    async isCutOff(principal: Principal): Promise<boolean> {
      if (principal.issuedAt === undefined) return false;
      const cutoff = await deps.cache.get<number>(key(principal.userId));
      return cutoff !== undefined && principal.issuedAt < cutoff;
    },
  };
}

export type SessionCutoff = ReturnType<typeof createSessionCutoff>;
