import * as oidc from 'openid-client';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import type { MfaService } from './mfa.service.js';
import type { OAuthIdentitiesRepo } from './oauth.repo.js';
import type { ExternalProfile, OAuthClient, OAuthProviderId } from './oauth-clients.js';
import { normalizeEmail } from './register.service.js';
import { hashToken, newOpaqueToken, type RequestContext } from './secure-token.js';
import type { SessionService, TokenPair } from './session.service.js';
import type { UserRow, UsersRepo } from './users.repo.js';

/** How long a started login may take at the provider. */
export const OAUTH_TRANSACTION_TTL_MS = 10 * 60 * 1000;
/** How long the web app has to exchange the one-time login code for tokens. */
export const OAUTH_LOGIN_CODE_TTL_MS = 60 * 1000;
/** Wrong second-factor codes tolerated on one login code before it is spent. */
const MAX_MFA_ATTEMPTS = 5;
/** Second-factor codes per user and window over all login codes (each new code needs a provider login). */
const MFA_USER_LIMIT = { max: 10, windowMs: 15 * 60 * 1000 };

/** What the login page shows after a failed OAuth login (`/login?error=…`). */
export type OAuthErrorCode =
  | 'oauth_failed'
  | 'oauth_cancelled'
  | 'oauth_email_unverified'
  | 'oauth_account_unconfirmed'
  | 'oauth_account_disabled';

export interface OAuthDeps {
  clients: ReadonlyMap<OAuthProviderId, OAuthClient>;
  database: Pick<Database, 'transaction'>;
  users: Pick<UsersRepo, 'byId' | 'byEmail' | 'insert'>;
  identities: Pick<OAuthIdentitiesRepo, 'byProviderSubject' | 'insert' | 'touch'>;
  sessions: Pick<SessionService, 'start'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  cache: Pick<Cache, 'get' | 'set' | 'delete' | 'increment'>;
  ids: IdGenerator;
  clock: Clock;
  /** Checks a TOTP or backup code of a user with MFA on. */
  mfa: Pick<MfaService, 'verifySecondFactor'>;
  logger: { warn(obj: object, msg: string): void };
  /** Public base URL: redirect URIs are `<publicUrl>/api/v2/auth/oauth/<provider>/callback`. */
  publicUrl: string;
}

interface Transaction {
  provider: OAuthProviderId;
  codeVerifier: string;
  nonce: string;
  next: string;
  createdAt: string;
}

interface LoginCode {
  userId: string;
  provider: OAuthProviderId;
}

type Resolution =
  | { ok: true; user: UserRow }
  | { ok: false; error: OAuthErrorCode; reason: string; userId?: string };

/** A same-site relative path (`/pods?x=1`), or `/` for anything else (absolute, `//host`, `/\host`). */
export function safeNextPath(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return '/';
  const base = 'http://next.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

const txKey = (state: string) => `auth:oauth:tx:${hashToken(state)}`;
const txUsedKey = (state: string) => `auth:oauth:tx-used:${hashToken(state)}`;
const codeKey = (code: string) => `auth:oauth:code:${hashToken(code)}`;
const codeUsedKey = (code: string) => `auth:oauth:code-used:${hashToken(code)}`;
const codeMfaKey = (code: string) => `auth:oauth:code-mfa:${hashToken(code)}`;

/**
 * Login with Google or GitHub. `start` keeps the transaction (PKCE verifier, nonce, `next`) in the
 * cache under the state, so any instance can take the callback; `callback` resolves the local
 * account and hands the browser a one-time login code (never tokens in a URL); `exchange` turns
 * the code into a session, asking for the second factor first when the user has MFA on.
 */
export function createOAuthService(deps: OAuthDeps) {
  const { clients, database, users, identities, sessions, authEvents, cache, ids, clock } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const redirectUri = (provider: OAuthProviderId) => `${publicUrl}/api/v2/auth/oauth/${provider}/callback`;
  const failure = (error: OAuthErrorCode) => `${publicUrl}/login?error=${error}`;

  function client(provider: string): OAuthClient {
    const found = clients.get(provider as OAuthProviderId);
    if (!found) throw new AppError('not_found', { detail: `No OAuth provider "${provider}" is configured.` });
    return found;
  }

  async function loginFailed(provider: string, reason: string, ctx: RequestContext, userId?: string) {
    await authEvents.record({
      type: 'login_failed',
      userId: userId ?? null,
      ...ctx,
      detail: { method: 'oauth', provider, reason },
    });
  }

  /** The local account for a provider identity: linked, linked now by verified e-mail, or new. */
  async function resolveAccount(
    provider: OAuthProviderId,
    profile: ExternalProfile,
    ctx: RequestContext,
  ): Promise<Resolution> {
    const now = clock.now();
    return database.transaction(async (tx): Promise<Resolution> => {
      const link = await identities.byProviderSubject(provider, profile.subject, tx);
      if (link) {
        const user = await users.byId(link.userId, tx);
        if (!user) return { ok: false, error: 'oauth_failed', reason: 'linked_user_missing' };
        await identities.touch(provider, profile.subject, now, tx);
        return { ok: true, user };
      }
      if (!profile.email) return { ok: false, error: 'oauth_email_unverified', reason: 'no_email' };
      // The address becomes (or finds) the login identity: only the provider's verified word counts.
      if (!profile.emailVerified)
        return { ok: false, error: 'oauth_email_unverified', reason: 'email_unverified' };
      const email = normalizeEmail(profile.email);
      const newLink = { provider, subject: profile.subject, email, at: now };
      const existing = await users.byEmail(email, tx);
      if (existing) {
        // An unconfirmed account's password was set by whoever typed the address: linking would
        // let them in to the provider user's account (pre-account-takeover). Confirm by e-mail first.
        if (existing.status === 'unconfirmed')
          return {
            ok: false,
            error: 'oauth_account_unconfirmed',
            reason: 'unconfirmed',
            userId: existing.id,
          };
        if (existing.status === 'disabled')
          return { ok: false, error: 'oauth_account_disabled', reason: 'disabled', userId: existing.id };
        if (!(await identities.insert({ ...newLink, userId: existing.id }, tx)))
          return { ok: false, error: 'oauth_failed', reason: 'link_race' };
        await authEvents.record(
          { type: 'oauth_linked', userId: existing.id, ...ctx, detail: { provider, email } },
          tx,
        );
        return { ok: true, user: existing };
      }
      const name = (profile.name?.trim() || email.split('@')[0] || email).slice(0, 200);
      const inserted = await users.insert(
        {
          id: ids.newId('user'),
          email,
          passwordHash: null,
          name,
          role: 'user',
          plan: 'free',
          status: 'active',
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      if (!inserted.ok) return { ok: false, error: 'oauth_failed', reason: 'email_race' };
      if (!(await identities.insert({ ...newLink, userId: inserted.user.id }, tx)))
        return { ok: false, error: 'oauth_failed', reason: 'link_race' };
      await authEvents.record(
        { type: 'user_registered', userId: inserted.user.id, ...ctx, detail: { method: 'oauth', provider } },
        tx,
      );
      return { ok: true, user: inserted.user };
    });
  }

  return {
    /** The configured providers, for the login page's buttons. */
    providers(): Array<{ id: OAuthProviderId; name: string; start_url: string }> {
      return [...clients.values()].map((c) => ({
        id: c.id,
        name: c.name,
        start_url: `/api/v2/auth/oauth/${c.id}/start`,
      }));
    },

    /** Opens a login transaction; returns the provider URL and the state (bound to the browser by a cookie). */
    async start(provider: string, next: string | undefined): Promise<{ location: string; state: string }> {
      const c = client(provider);
      const state = oidc.randomState();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const transaction: Transaction = {
        provider: c.id,
        codeVerifier,
        nonce,
        next: safeNextPath(next),
        createdAt: clock.now().toISOString(),
      };
      const url = await c.authorizationUrl({
        redirectUri: redirectUri(c.id),
        state,
        nonce,
        codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      });
      await cache.set(txKey(state), transaction, OAUTH_TRANSACTION_TTL_MS);
      return { location: url.href, state };
    },

    /**
     * Completes the login at the provider's redirect. `query` is the callback's raw query string;
     * `browserState` is the state cookie set by `start` (a callback link replayed in another
     * browser carries none). Always answers with a redirect to the web app: a one-time code, or
     * `/login?error=…`.
     */
    async callback(
      provider: string,
      query: URLSearchParams,
      browserState: string | undefined,
      ctx: RequestContext,
    ): Promise<string> {
      const c = client(provider);
      const state = query.get('state');
      const transaction = state ? await cache.get<Transaction>(txKey(state)) : undefined;
      if (state && transaction) await cache.delete(txKey(state));

      const providerError = query.get('error');
      if (providerError) {
        await loginFailed(c.id, `provider_error:${providerError.slice(0, 40)}`, ctx);
        return failure(providerError === 'access_denied' ? 'oauth_cancelled' : 'oauth_failed');
      }
      // Single use across instances: the first callback claims the state, a replay finds it claimed.
      const claimed =
        state && transaction
          ? (await cache.increment(txUsedKey(state), OAUTH_TRANSACTION_TTL_MS)).count === 1
          : false;
      if (!state || !transaction || !claimed || transaction.provider !== c.id || browserState !== state) {
        await loginFailed(c.id, 'state_mismatch', ctx);
        return failure('oauth_failed');
      }

      let profile: ExternalProfile;
      try {
        const callbackUrl = new URL(redirectUri(c.id));
        callbackUrl.search = query.toString();
        profile = await c.profile({
          callbackUrl,
          state,
          codeVerifier: transaction.codeVerifier,
          nonce: transaction.nonce,
        });
      } catch (err) {
        // The message of openid-client errors names the failed check, never a token or code.
        deps.logger.warn(
          { provider: c.id, error: err instanceof Error ? err.message : String(err) },
          'oauth code exchange failed',
        );
        await loginFailed(c.id, 'exchange_failed', ctx);
        return failure('oauth_failed');
      }

      const resolved = await resolveAccount(c.id, profile, ctx);
      if (!resolved.ok) {
        await loginFailed(c.id, resolved.reason, ctx, resolved.userId);
        return failure(resolved.error);
      }
      if (resolved.user.status !== 'active') {
        await loginFailed(c.id, resolved.user.status, ctx, resolved.user.id);
        return failure(
          resolved.user.status === 'disabled' ? 'oauth_account_disabled' : 'oauth_account_unconfirmed',
        );
      }
      const code = newOpaqueToken();
      const entry: LoginCode = { userId: resolved.user.id, provider: c.id };
      await cache.set(codeKey(code), entry, OAUTH_LOGIN_CODE_TTL_MS);
      const target = new URL(`${publicUrl}/login/oauth`);
      target.searchParams.set('code', code);
      target.searchParams.set('next', transaction.next);
      return target.href;
    },

    /**
     * Turns a login code into a session (once). 410 `token_expired` for an unknown, expired or
     * spent code; 401 `mfa_required` (the code stays valid) when the user has MFA on and sent no
     * `totpCode`; 401 `unauthorized` for a wrong one (a few tries, then the code is spent; 429
     * `rate_limited` beyond a per-user limit across codes).
     */
    async exchange(code: string, totpCode: string | undefined, ctx: RequestContext): Promise<TokenPair> {
      const expired = () =>
        new AppError('token_expired', { detail: 'The login code is invalid, expired or already used.' });
      const entry = await cache.get<LoginCode>(codeKey(code));
      if (!entry) throw expired();
      const user = await users.byId(entry.userId);
      if (user?.status !== 'active') {
        await cache.delete(codeKey(code));
        await loginFailed(entry.provider, user ? user.status : 'user_missing', ctx, user?.id);
        throw new AppError('forbidden', { detail: 'This account is disabled.' });
      }
      if (user.mfaEnabledAt) {
        if (!totpCode)
          throw new AppError('mfa_required', { detail: 'Enter the code of your authenticator app.' });
        const perUser = await cache.increment(`auth:oauth:mfa-user:${user.id}`, MFA_USER_LIMIT.windowMs);
        if (perUser.count > MFA_USER_LIMIT.max)
          throw new AppError('rate_limited', {
            detail: 'Too many verification codes tried; try again later.',
            retryAfterSeconds: Math.max(1, Math.ceil(perUser.resetInMs / 1000)),
          });
        const attempts = await cache.increment(codeMfaKey(code), OAUTH_LOGIN_CODE_TTL_MS);
        if (attempts.count > MAX_MFA_ATTEMPTS) {
          await cache.delete(codeKey(code));
          throw expired();
        }
        if (!(await deps.mfa.verifySecondFactor(user, totpCode, ctx))) {
          await loginFailed(entry.provider, 'wrong_mfa_code', ctx, user.id);
          throw new AppError('unauthorized', { detail: 'The authentication code is not valid.' });
        }
      }
      if ((await cache.increment(codeUsedKey(code), OAUTH_LOGIN_CODE_TTL_MS)).count !== 1) throw expired();
      await cache.delete(codeKey(code));
      const pair = await sessions.start(user, ctx);
      await authEvents.record({
        type: 'login_succeeded',
        userId: user.id,
        ...ctx,
        detail: { method: 'oauth', provider: entry.provider },
      });
      return pair;
    },
  };
}

export type OAuthService = ReturnType<typeof createOAuthService>;
