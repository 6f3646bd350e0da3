import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type AuthenticationResultType,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '../../../platform/errors/app-error.js';
import type { LoginInput } from '../identity-provider.js';
import { normalizeEmail } from '../register.service.js';
import type { RequestContext } from '../secure-token.js';
import type { TokenPair } from '../session.service.js';
import type { CognitoAccounts } from './cognito.accounts.js';
import {
  type CognitoShared,
  cognitoError,
  origin,
  RATE_LIMITED_ERRORS,
  rateLimited,
} from './cognito.deps.js';
import { wrapRefreshToken } from './cognito.tokens.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** One message for unknown e-mail and wrong password alike (no account enumeration). */
export const INVALID_CREDENTIALS = 'Invalid e-mail or password.';
/** Cognito's challenge sessions last 3 minutes. */
const PENDING_SMS_TTL_MS = 3 * 60 * 1000;

interface PendingSms {
  session: string;
  username: string;
  salt: string;
  /** scrypt of the password: the retry with the code must present the same password. */
  check: string;
}

const pendingKey = (email: string) =>
  `identity:cognito:sms:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;

async function passwordCheck(password: string, salt: Buffer): Promise<Buffer> {
  return scryptAsync(password, salt, 32);
}

/**
 * Sign-in through the pool: USER_PASSWORD_AUTH, then the MFA challenge the pool asks for.
 *
 * SMS_MFA: Cognito texts a code as soon as the password is accepted and ties it to that challenge's
 * session. The client answers in a second request (same e-mail and password plus the code), so the
 * session is kept in the cache for its 3 minutes, with a scrypt check of the password, and the
 * second request answers it instead of starting a new sign-in (which would text another code).
 */
export function createCognitoLogin(shared: CognitoShared, accounts: CognitoAccounts) {
  const { deps, verifier, links, hash } = shared;
  const { client, clientId, users, authEvents, cache, clock } = deps;

  async function loginFailed(email: string, reason: string, ctx: RequestContext): Promise<void> {
    const user = await users.byEmail(email);
    await authEvents.record({
      type: 'login_failed',
      userId: user?.id ?? null,
      ...origin(ctx),
      detail: { reason },
    });
  }

  async function initiate(email: string, password: string, ctx: RequestContext) {
    try {
      return await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PASSWORD: password, ...hash(email) },
        }),
      );
    } catch (err) {
      const name = cognitoError(err);
      if (name === 'NotAuthorizedException' && /attempts exceeded/i.test((err as Error).message))
        throw rateLimited(err);
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') {
        await loginFailed(email, 'not_authorized', ctx);
        throw new AppError('unauthorized', { detail: INVALID_CREDENTIALS });
      }
      // Cognito says so only after a correct password (as the built-in adapter does).
      if (name === 'UserNotConfirmedException')
        throw new AppError('forbidden', { detail: 'Confirm your e-mail address before logging in.' });
      if (name === 'PasswordResetRequiredException')
        throw new AppError('forbidden', { detail: 'A password reset is required for this account.' });
      if (name && RATE_LIMITED_ERRORS.has(name)) throw rateLimited(err);
      throw err;
    }
  }

  async function respond(
    challenge: 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA',
    session: string | undefined,
    username: string,
    code: string,
    email: string,
    ctx: RequestContext,
  ): Promise<AuthenticationResultType> {
    const codeKey = challenge === 'SMS_MFA' ? 'SMS_MFA_CODE' : 'SOFTWARE_TOKEN_MFA_CODE';
    try {
      const out = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: challenge,
          Session: session,
          ChallengeResponses: { USERNAME: username, [codeKey]: code, ...hash(username) },
        }),
      );
      if (out.AuthenticationResult) return out.AuthenticationResult;
    } catch (err) {
      const name = cognitoError(err);
      if (name && RATE_LIMITED_ERRORS.has(name)) throw rateLimited(err);
      if (name === null) throw err;
    }
    // Wrong or expired code, expired session, or a further challenge we do not support.
    await loginFailed(email, 'wrong_mfa_code', ctx);
    throw new AppError('unauthorized', { detail: 'The verification code is not valid.' });
  }

  /** A pending SMS sign-in for this e-mail and password, taken (spent) from the cache. */
  async function takePendingSms(email: string, password: string): Promise<PendingSms | null> {
    const pending = await cache.get<PendingSms>(pendingKey(email));
    if (!pending) return null;
    const expected = Buffer.from(pending.check, 'base64');
    const actual = await passwordCheck(password, Buffer.from(pending.salt, 'base64'));
    if (!timingSafeEqual(expected, actual)) return null;
    await cache.delete(pendingKey(email));
    return pending;
  }

  async function challenged(
    started: InitiateAuthCommandOutput,
    input: { email: string; password: string; code: string | undefined },
    ctx: RequestContext,
  ): Promise<AuthenticationResultType> {
    if (started.AuthenticationResult) return started.AuthenticationResult;
    const { email, code } = input;
    // Challenge answers name the pool's user name (a UUID when e-mail is the sign-in attribute).
    const username = started.ChallengeParameters?.USER_ID_FOR_SRP ?? email;
    switch (started.ChallengeName) {
      case 'SOFTWARE_TOKEN_MFA':
        if (!code)
          throw new AppError('mfa_required', { detail: 'Enter the code from your authenticator app.' });
        return respond('SOFTWARE_TOKEN_MFA', started.Session, username, code, email, ctx);
      case 'SMS_MFA': {
        // This sign-in just texted a new code; a code sent earlier belongs to an older session.
        const salt = randomBytes(16);
        const pending: PendingSms = {
          session: started.Session ?? '',
          username,
          salt: salt.toString('base64'),
          check: (await passwordCheck(input.password, salt)).toString('base64'),
        };
        await cache.set(pendingKey(email), pending, PENDING_SMS_TTL_MS);
        const to = started.ChallengeParameters?.CODE_DELIVERY_DESTINATION;
        throw new AppError('mfa_required', {
          detail: `A verification code was sent by SMS${to ? ` to ${to}` : ''}; enter it to sign in.`,
          extensions: { mfa_method: 'sms' },
        });
      }
      case 'NEW_PASSWORD_REQUIRED':
        throw new AppError('forbidden', { detail: 'A new password must be set for this account.' });
      default:
        throw new AppError('forbidden', {
          detail: `This sign-in step is not supported here (${started.ChallengeName ?? 'unknown'}).`,
        });
    }
  }

  return {
    /**
     * 401 `unauthorized` (one message) for unknown e-mail or wrong password, 401 `mfa_required`
     * when the pool asks for a code not given, 403 for unconfirmed or disabled accounts, 429 when
     * Cognito throttles. The pair holds Cognito's access token and our wrapped refresh token.
     */
    async login(input: LoginInput, ctx: RequestContext): Promise<TokenPair> {
      const email = normalizeEmail(input.email);
      const code = input.totpCode?.trim() || undefined;
      const pending = code ? await takePendingSms(email, input.password) : null;
      const result = pending
        ? await respond('SMS_MFA', pending.session, pending.username, code!, email, ctx)
        : await challenged(await initiate(email, input.password, ctx), { ...input, email, code }, ctx);

      if (!result.AccessToken || !result.RefreshToken)
        throw new Error('Cognito returned no tokens for a completed sign-in');
      const claims = await verifier.verify(result.AccessToken);
      // Cognito's own fresh token failing here means the pool id or client id is misconfigured.
      if (!claims)
        throw new Error('the access token Cognito issued does not verify (pool or client mismatch?)');
      const user = await accounts.localUser(claims, result.AccessToken, ctx);
      if (user.status === 'disabled') {
        await client
          .send(
            new RevokeTokenCommand({
              ClientId: clientId,
              ClientSecret: deps.clientSecret,
              Token: result.RefreshToken,
            }),
          )
          .catch(() => undefined);
        throw new AppError('forbidden', { detail: 'This account is disabled.' });
      }
      await links.touchLogin(claims.sub, clock.now());
      await authEvents.record({
        type: 'login_succeeded',
        userId: user.id,
        ...origin(ctx),
        detail: { provider: 'cognito' },
      });
      return {
        accessToken: result.AccessToken,
        refreshToken: wrapRefreshToken(claims.username, result.RefreshToken),
        expiresInSeconds: result.ExpiresIn ?? 3600,
        user,
      };
    },
  };
}
