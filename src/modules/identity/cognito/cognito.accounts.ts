import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Principal } from '../access-token.service.js';
import type { UserStatus } from '../identity.tables.js';
import { normalizeEmail } from '../register.service.js';
import type { RequestContext } from '../secure-token.js';
import type { UserRow } from '../users.repo.js';
import { type CognitoShared, cognitoError, origin } from './cognito.deps.js';
import type { CognitoAccessClaims } from './cognito.tokens.js';

const DEFAULT_PRINCIPAL_TTL_MS = 30_000;

interface CachedPrincipal extends Principal {
  status: UserStatus;
}

export const principalKey = (sub: string) => `identity:cognito:sub:${sub}`;

/** Local user rows behind pool users: linking by `sub`, lazy creation, role sync. */
export function createCognitoAccounts(shared: CognitoShared) {
  const { deps, links } = shared;
  const { users, authEvents, clock, database } = deps;
  const principalTtlMs = deps.principalTtlMs ?? DEFAULT_PRINCIPAL_TTL_MS;

  /**
   * Creates (or finds by verified e-mail) the local row of a pool user we have not seen yet, e.g.
   * one created in the AWS console, and links it. The pool's attributes come from GetUser.
   */
  async function linkNew(claims: CognitoAccessClaims, accessToken: string, ctx: RequestContext) {
    let attrs: Record<string, string>;
    try {
      const out = await deps.client.send(new GetUserCommand({ AccessToken: accessToken }));
      attrs = Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
    } catch (err) {
      if (cognitoError(err) === null) throw err;
      throw new AppError('unauthorized', { detail: 'The access token is not valid.', cause: err });
    }
    const email = attrs.email ? normalizeEmail(attrs.email) : '';
    // Linking to an existing row by address is only safe when the pool has verified the address.
    if (email === '' || attrs.email_verified !== 'true')
      throw new AppError('forbidden', { detail: 'The e-mail address of this account is not verified.' });
    const now = clock.now();
    return database.transaction(async (tx) => {
      let user = await users.byEmail(email, tx);
      let created = false;
      if (!user) {
        const inserted = await users.insert(
          {
            id: deps.ids.newId('user'),
            email,
            passwordHash: null,
            name: attrs.name?.trim() || email.split('@')[0]!,
            role: claims.role,
            plan: 'free',
            status: 'active',
            createdAt: now,
            updatedAt: now,
          },
          tx,
        );
        created = inserted.ok;
        user = inserted.ok ? inserted.user : await users.byEmail(email, tx);
        if (!user) throw new Error('user row vanished while linking a Cognito account');
      }
      const linkedId = await links.link({ sub: claims.sub, userId: user.id, email, now }, tx);
      if (linkedId !== user.id) return (await users.byId(linkedId, tx))!;
      await authEvents.record(
        {
          type: created ? 'user_registered' : 'oauth_linked',
          userId: user.id,
          ...origin(ctx),
          detail: { provider: 'cognito', source: 'pool' },
        },
        tx,
      );
      return user;
    });
  }

  /**
   * The local row of the pool user of `claims`, linked (and created) on first sight, confirmed
   * (Cognito only issues tokens to confirmed users), with its role following `cognito:groups`.
   * A role change is recorded as a `role_changed` auth event, once.
   */
  async function localUser(
    claims: CognitoAccessClaims,
    accessToken: string,
    ctx: RequestContext,
  ): Promise<UserRow> {
    let user = (await links.userBySubject(claims.sub)) ?? (await linkNew(claims, accessToken, ctx));
    const now = clock.now();
    if (user.status === 'unconfirmed') user = (await users.confirm(user.id, now)) ?? user;
    if (user.role !== claims.role) {
      const from = user.role;
      const synced = await database.transaction(async (tx) => {
        const row = await links.syncRole(user.id, from, claims.role, now, tx);
        if (row)
          await authEvents.record(
            {
              type: 'role_changed',
              userId: row.id,
              ...origin(ctx),
              detail: { from, to: claims.role, source: 'cognito:groups' },
            },
            tx,
          );
        return row;
      });
      user = synced ?? (await users.byId(user.id)) ?? user;
      await deps.cache.delete(principalKey(claims.sub));
    }
    return user;
  }

  return {
    localUser,

    /**
     * The principal of verified `claims`: user id and plan from the local row (cached briefly),
     * role from the groups. Null for a disabled account, or a pool user that cannot be linked.
     */
    async principal(claims: CognitoAccessClaims, accessToken: string): Promise<Principal | null> {
      const key = principalKey(claims.sub);
      let cached = await deps.cache.get<CachedPrincipal>(key);
      if (!cached || cached.role !== claims.role) {
        let user: UserRow;
        try {
          user = await localUser(claims, accessToken, { ip: null, userAgent: null });
        } catch (err) {
          // Pool user without a verified address, or GetUser refusing the token.
          if (err instanceof AppError) return null;
          throw err;
        }
        cached = { userId: user.id, role: user.role, plan: user.plan, status: user.status };
        await deps.cache.set(key, cached, principalTtlMs);
      }
      if (cached.status === 'disabled') return null;
      return {
        userId: cached.userId,
        role: claims.role,
        plan: cached.plan,
        ...(claims.expiresAt === undefined ? {} : { expiresAt: claims.expiresAt }),
      };
    },
  };
}

export type CognitoAccounts = ReturnType<typeof createCognitoAccounts>;
