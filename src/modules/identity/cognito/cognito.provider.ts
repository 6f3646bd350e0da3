import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { fail, ok } from '../../../platform/errors/app-error.js';
import type { IdentityProvider } from '../identity-provider.js';
import { normalizeEmail } from '../register.service.js';
import type { RequestContext } from '../secure-token.js';
import type { UserRow } from '../users.repo.js';
import { createCognitoAccounts } from './cognito.accounts.js';
import {
  type CognitoProviderDeps,
  type CognitoShared,
  cognitoError,
  makeHash,
  origin,
  RATE_LIMITED_ERRORS,
  rateLimited,
} from './cognito.deps.js';
import { createCognitoLogin } from './cognito.login.js';
import { createCognitoMfa } from './cognito.mfa.js';
import {
  createCognitoAccessVerifier,
  decodeVerificationToken,
  unwrapRefreshToken,
  wrapRefreshToken,
} from './cognito.tokens.js';
import { createCognitoLinksRepo } from './cognito-links.repo.js';

const LINK_INVALID = 'The confirmation link is invalid, expired or already used.';

/**
 * The Cognito adapter of the IdentityProvider port: accounts, passwords, MFA and tokens live in a
 * user pool; each pool user (`sub`) is linked in `user_identities` to a local `users` row, which
 * gives the platform its `{ userId, role, plan }` (role follows `cognito:groups`).
 */
export function createCognitoIdentityProvider(deps: CognitoProviderDeps): IdentityProvider {
  const { client, clientId, users, authEvents, clock, database } = deps;
  const verifier =
    deps.verifier ?? createCognitoAccessVerifier({ userPoolId: deps.userPoolId, clientId: deps.clientId });
  const shared: CognitoShared = {
    deps,
    verifier,
    links: createCognitoLinksRepo(database.db),
    hash: makeHash(deps),
  };
  const { links, hash } = shared;
  const accounts = createCognitoAccounts(shared);
  const login = createCognitoLogin(shared, accounts);
  const mfa = createCognitoMfa(shared);

  /** Creates the unconfirmed local row and its link, or links an orphaned row with that e-mail. */
  async function createLocal(
    row: { sub: string; email: string; name: string; confirmed: boolean; plan: UserRow['requestedPlan'] },
    ctx: RequestContext,
  ): Promise<UserRow> {
    const now = clock.now();
    return database.transaction(async (tx) => {
      const inserted = await users.insert(
        {
          id: deps.ids.newId('user'),
          email: row.email,
          passwordHash: null,
          name: row.name,
          role: 'user',
          plan: 'free',
          requestedPlan: row.plan,
          status: row.confirmed ? 'active' : 'unconfirmed',
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      // The pool accepted the address, so no pool user has it: a local row with it is left from a
      // pool user deleted in the console. Its new owner still has to confirm the address.
      const user = inserted.ok ? inserted.user : (await users.byEmail(row.email, tx))!;
      await links.link({ sub: row.sub, userId: user.id, email: row.email, now }, tx);
      await authEvents.record(
        {
          type: inserted.ok ? 'user_registered' : 'oauth_linked',
          userId: user.id,
          ...origin(ctx),
          detail: { provider: 'cognito', auto_confirmed: row.confirmed },
        },
        tx,
      );
      return user;
    });
  }

  return {
    kind: 'cognito',

    async register(input, ctx) {
      const email = normalizeEmail(input.email);
      const name = input.name.trim();
      if (name === '')
        return fail('validation_failed', 'The name is empty.', [
          { path: '/body/name', message: 'must not be blank' },
        ]);
      let out: { UserSub?: string | undefined; UserConfirmed?: boolean | undefined };
      try {
        out = await client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: email,
            Password: input.password,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'name', Value: name },
            ],
            ...(deps.clientSecret ? { SecretHash: hash(email).SECRET_HASH } : {}),
          }),
        );
      } catch (err) {
        const code = cognitoError(err);
        if (code === 'UsernameExistsException' || code === 'AliasExistsException')
          return fail('conflict', 'An account with this e-mail address already exists.');
        if (code === 'InvalidPasswordException')
          return fail('validation_failed', 'The password is too weak.', [
            { path: '/body/password', message: (err as Error).message },
          ]);
        if (code === 'InvalidParameterException')
          return fail('validation_failed', 'The user pool refused the sign-up.', [
            { path: '/body', message: (err as Error).message },
          ]);
        if (code && RATE_LIMITED_ERRORS.has(code)) throw rateLimited(err);
        throw err;
      }
      if (!out.UserSub) throw new Error('Cognito SignUp returned no UserSub');
      const confirmed = out.UserConfirmed === true;
      const user = await createLocal(
        { sub: out.UserSub, email, name, confirmed, plan: input.plan ?? null },
        ctx,
      );
      return ok({ user, verification: confirmed ? 'auto_confirmed' : 'email_sent' });
    },

    async verifyEmail(token, ctx) {
      const parsed = decodeVerificationToken(token);
      if (!parsed) return fail('token_expired', LINK_INVALID);
      try {
        await client.send(
          new ConfirmSignUpCommand({
            ClientId: clientId,
            Username: parsed.email,
            ConfirmationCode: parsed.code,
            ...(deps.clientSecret ? { SecretHash: hash(parsed.email).SECRET_HASH } : {}),
          }),
        );
      } catch (err) {
        const code = cognitoError(err);
        if (code && RATE_LIMITED_ERRORS.has(code)) throw rateLimited(err);
        // CodeMismatch, ExpiredCode, NotAuthorized (already confirmed), UserNotFound…
        if (code !== null) return fail('token_expired', LINK_INVALID);
        throw err;
      }
      const now = clock.now();
      const user = await database.transaction(async (tx) => {
        const local = await users.byEmail(parsed.email, tx);
        if (!local) return null;
        const confirmed = await users.confirm(local.id, now, tx);
        await authEvents.record(
          { type: 'email_verified', userId: local.id, ...origin(ctx), detail: { provider: 'cognito' } },
          tx,
        );
        return confirmed ?? local;
      });
      // Confirmed in the pool but unknown here (signed up outside this API): linked at first login.
      if (!user) return fail('token_expired', 'The address is confirmed; sign in to continue.');
      return ok(user);
    },

    async resendVerification(rawEmail, ctx) {
      const email = normalizeEmail(rawEmail);
      try {
        await client.send(
          new ResendConfirmationCodeCommand({
            ClientId: clientId,
            Username: email,
            ...(deps.clientSecret ? { SecretHash: hash(email).SECRET_HASH } : {}),
          }),
        );
      } catch (err) {
        const code = cognitoError(err);
        if (code === 'TooManyRequestsException') throw rateLimited(err);
        // Unknown address, already confirmed, per-address limit: silent, like the built-in adapter.
        if (code !== null) return;
        throw err;
      }
      const user = await users.byEmail(email);
      await authEvents.record({
        type: 'verification_resent',
        userId: user?.id ?? null,
        ...origin(ctx),
        detail: { provider: 'cognito' },
      });
    },

    login: (input, ctx) => login.login(input, ctx),

    async refresh(token, ctx) {
      const { username, refreshToken } = unwrapRefreshToken(token);
      // With a client secret the hash needs the user name, carried in our wrapped token.
      if (deps.clientSecret && !username) return fail('unauthorized', 'The refresh token is not valid.');
      let result: { AccessToken?: string | undefined; RefreshToken?: string | undefined; ExpiresIn?: number };
      try {
        const out = await client.send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId: clientId,
            AuthParameters: {
              REFRESH_TOKEN: refreshToken,
              ...(username && deps.clientSecret ? { USERNAME: username, ...hash(username) } : {}),
            },
          }),
        );
        if (!out.AuthenticationResult?.AccessToken)
          return fail('unauthorized', 'The refresh token is not valid.');
        result = out.AuthenticationResult;
      } catch (err) {
        const code = cognitoError(err);
        if (code === 'TooManyRequestsException') throw rateLimited(err);
        if (code !== null) return fail('unauthorized', 'The refresh token is not valid.');
        throw err;
      }
      const claims = await verifier.verify(result.AccessToken!);
      if (!claims) return fail('unauthorized', 'The refresh token is not valid.');
      const user = await accounts.localUser(claims, result.AccessToken!, ctx);
      if (user.status === 'disabled') return fail('unauthorized', 'The refresh token is not valid.');
      return ok({
        accessToken: result.AccessToken!,
        // Without refresh-token rotation on the app client Cognito returns no new one: keep using it.
        refreshToken: wrapRefreshToken(claims.username, result.RefreshToken ?? refreshToken),
        expiresInSeconds: result.ExpiresIn ?? 3600,
        user,
      });
    },

    async logout(token, ctx) {
      const { refreshToken } = unwrapRefreshToken(token);
      try {
        await client.send(
          new RevokeTokenCommand({
            ClientId: clientId,
            ClientSecret: deps.clientSecret,
            Token: refreshToken,
          }),
        );
      } catch (err) {
        // An unknown or already revoked token is a no-op, as with the built-in adapter.
        if (cognitoError(err) === null) throw err;
        return;
      }
      // The refresh token does not say whose it is (it is opaque and the name in it is unverified).
      await authEvents.record({
        type: 'logout',
        userId: null,
        ...origin(ctx),
        detail: { provider: 'cognito' },
      });
    },

    async verifyAccessToken(token) {
      const claims = await verifier.verify(token);
      return claims ? accounts.principal(claims, token) : null;
    },

    mfa,
  };
}
