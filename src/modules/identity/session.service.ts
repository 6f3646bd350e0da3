import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import { fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { AccessTokens } from './access-token.service.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import { hashToken, newOpaqueToken, type RequestContext } from './secure-token.js';
import type { SessionsRepo } from './sessions.repo.js';
import type { UserRow, UsersRepo } from './users.repo.js';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  user: UserRow;
}

export interface SessionDeps {
  database: Pick<Database, 'transaction'>;
  sessions: Pick<SessionsRepo, 'insert' | 'byHashForUpdate' | 'markUsed' | 'revokeFamily'>;
  users: Pick<UsersRepo, 'byId'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  accessTokens: Pick<AccessTokens, 'issue'>;
  ids: IdGenerator;
  clock: Clock;
  refreshTtlMs?: number;
}

type RefreshOutcome = { kind: 'ok'; user: UserRow; next: string } | { kind: 'refused'; reason: string };

/** Login sessions: a family of refresh tokens, each spent by its one use. */
export function createSessionService(deps: SessionDeps) {
  const { database, sessions, users, authEvents, accessTokens, ids, clock } = deps;
  const refreshTtlMs = deps.refreshTtlMs ?? REFRESH_TOKEN_TTL_MS;

  async function issueRefresh(
    exec: DbExecutor | undefined,
    user: UserRow,
    familyId: string,
    ctx: RequestContext,
  ): Promise<string> {
    const token = newOpaqueToken();
    const now = clock.now();
    await sessions.insert(
      {
        id: ids.newId('refreshToken'),
        userId: user.id,
        familyId,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + refreshTtlMs),
        createdAt: now,
        userAgent: ctx.userAgent,
        ip: ctx.ip,
      },
      exec,
    );
    return token;
  }

  async function pair(user: UserRow, refreshToken: string): Promise<TokenPair> {
    const access = await accessTokens.issue({ userId: user.id, role: user.role, plan: user.plan });
    return { accessToken: access.token, refreshToken, expiresInSeconds: access.expiresInSeconds, user };
  }

  return {
    /** Opens a new session (a new refresh-token family) for a user who just authenticated. */
    async start(user: UserRow, ctx: RequestContext): Promise<TokenPair> {
      return pair(user, await issueRefresh(undefined, user, ids.newId('session'), ctx));
    },

    /**
     * Spends `refreshToken` and returns the next pair. A token that was already spent means it
     * leaked (or the client raced itself): the whole family is revoked and the reuse is audited.
     * Unknown, revoked, expired tokens and users no longer active are all `unauthorized`.
     */
    async refresh(refreshToken: string, ctx: RequestContext): Promise<Result<TokenPair, 'unauthorized'>> {
      // The transaction resolves (not throws) on refusal so the family revocation commits.
      const outcome = await database.transaction(async (tx): Promise<RefreshOutcome> => {
        const row = await sessions.byHashForUpdate(hashToken(refreshToken), tx);
        const now = clock.now();
        if (!row) return { kind: 'refused', reason: 'unknown' };
        if (row.revokedAt) return { kind: 'refused', reason: 'revoked' };
        if (row.usedAt) {
          const revoked = await sessions.revokeFamily(row.familyId, now, tx);
          await authEvents.record(
            {
              type: 'refresh_reuse_detected',
              userId: row.userId,
              ...ctx,
              detail: { family_id: row.familyId, revoked_tokens: revoked },
            },
            tx,
          );
          return { kind: 'refused', reason: 'reused' };
        }
        if (row.expiresAt.getTime() <= now.getTime()) return { kind: 'refused', reason: 'expired' };
        const user = await users.byId(row.userId, tx);
        if (user?.status !== 'active') {
          await sessions.revokeFamily(row.familyId, now, tx);
          return { kind: 'refused', reason: 'inactive' };
        }
        await sessions.markUsed(row.id, now, tx);
        const next = await issueRefresh(tx, user, row.familyId, ctx);
        return { kind: 'ok', user, next };
      });
      if (outcome.kind === 'refused') return fail('unauthorized', 'The refresh token is not valid.');
      // Signing may read keys from the database: outside the transaction (PGlite has one connection).
      return ok(await pair(outcome.user, outcome.next));
    },

    /** Ends the session the refresh token belongs to (its whole family). Unknown tokens: no-op. */
    async logout(refreshToken: string, ctx: RequestContext): Promise<void> {
      await database.transaction(async (tx) => {
        const row = await sessions.byHashForUpdate(hashToken(refreshToken), tx);
        if (!row || row.revokedAt) return;
        await sessions.revokeFamily(row.familyId, clock.now(), tx);
        await authEvents.record(
          { type: 'logout', userId: row.userId, ...ctx, detail: { family_id: row.familyId } },
          tx,
        );
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
