import {
  AssociateSoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError, fail, ok, type Result } from '../../../platform/errors/app-error.js';
import type { TotpSetup } from '../identity-provider.js';
import type { RequestContext } from '../secure-token.js';
import type { UserRow } from '../users.repo.js';
import {
  type CognitoShared,
  cognitoError,
  origin,
  RATE_LIMITED_ERRORS,
  rateLimited,
} from './cognito.deps.js';
import type { CognitoAccessClaims } from './cognito.tokens.js';

export const TOTP_ISSUER = 'GPUBROKER';
const DEFAULT_FRESH_SIGN_IN_MS = 10 * 60 * 1000;

/**
 * TOTP through the pool. Cognito's MFA APIs act on the signed-in user and take their access token,
 * so the routes pass it as `ctx.accessToken`; it must belong to `userId`. Cognito keeps the secret,
 * checks codes at sign-in and has no backup codes; SMS MFA is configured on the pool (Cognito
 * sends the texts), not here.
 */
export function createCognitoMfa(shared: CognitoShared) {
  const { deps, verifier, links } = shared;
  const { client, users, authEvents, clock, database } = deps;
  const freshSignInMs = deps.mfaFreshSignInMs ?? DEFAULT_FRESH_SIGN_IN_MS;

  /** The caller's Cognito access token and claims; 401 without one, 403 when it is someone else's. */
  async function callerToken(
    userId: string,
    ctx: RequestContext,
  ): Promise<{ token: string; claims: CognitoAccessClaims; user: UserRow }> {
    const token = ctx.accessToken;
    const claims = token ? await verifier.verify(token) : null;
    if (!token || !claims)
      throw new AppError('unauthorized', { detail: 'MFA changes need a Cognito access token.' });
    const user = await links.userBySubject(claims.sub);
    if (!user || user.id !== userId) throw new AppError('forbidden');
    return { token, claims, user };
  }

  /** Maps Cognito errors of the MFA calls: throttling → 429, a refused token → 401. */
  function rethrow(err: unknown): never {
    const name = cognitoError(err);
    if (name && RATE_LIMITED_ERRORS.has(name)) throw rateLimited(err);
    if (name === 'NotAuthorizedException')
      throw new AppError('unauthorized', { detail: 'The access token is not valid.', cause: err });
    throw err;
  }

  async function setPreference(token: string, enabled: boolean): Promise<void> {
    await client
      .send(
        new SetUserMFAPreferenceCommand({
          AccessToken: token,
          SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled },
        }),
      )
      .catch(rethrow);
  }

  return {
    async setupTotp(userId: string, ctx: RequestContext): Promise<TotpSetup> {
      const { token, user } = await callerToken(userId, ctx);
      if (user.mfaEnabledAt !== null) throw new AppError('conflict', { detail: 'MFA is already on.' });
      const out = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: token })).catch(rethrow);
      if (!out.SecretCode) throw new Error('Cognito returned no secret for AssociateSoftwareToken');
      await authEvents.record({
        type: 'mfa_setup_started',
        userId,
        ...origin(ctx),
        detail: { provider: 'cognito' },
      });
      const label = encodeURIComponent(`${TOTP_ISSUER}:${user.email}`);
      const params = new URLSearchParams({
        secret: out.SecretCode,
        issuer: TOTP_ISSUER,
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });
      return { secret: out.SecretCode, otpauthUrl: `otpauth://totp/${label}?${params}` };
    },

    /** Verifies the first code with Cognito and makes TOTP the preferred MFA. No backup codes. */
    async enableTotp(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<Result<{ backupCodes: string[] }, 'validation_failed' | 'conflict'>> {
      const { token, user } = await callerToken(userId, ctx);
      if (user.mfaEnabledAt !== null) return fail('conflict', 'MFA is already on.');
      let status: string | undefined;
      try {
        const out = await client.send(
          new VerifySoftwareTokenCommand({
            AccessToken: token,
            UserCode: code,
            FriendlyDeviceName: TOTP_ISSUER,
          }),
        );
        status = out.Status;
      } catch (err) {
        const name = cognitoError(err);
        if (name === 'SoftwareTokenMFANotFoundException')
          return fail('validation_failed', 'Start the authenticator setup first.');
        if (
          name !== 'CodeMismatchException' &&
          name !== 'EnableSoftwareTokenMFAException' &&
          name !== 'InvalidParameterException'
        )
          rethrow(err);
      }
      if (status !== 'SUCCESS') {
        await authEvents.record({
          type: 'mfa_failed',
          userId,
          ...origin(ctx),
          detail: { action: 'enable', provider: 'cognito' },
        });
        return fail('validation_failed', 'The code is not valid; check the time on your device.', [
          { path: '/body/code', message: 'is not a current code of the authenticator' },
        ]);
      }
      await setPreference(token, true);
      const now = clock.now();
      await database.transaction(async (tx) => {
        await users.enableMfa(userId, now, 0, tx);
        await authEvents.record(
          { type: 'mfa_enabled', userId, ...origin(ctx), detail: { provider: 'cognito' } },
          tx,
        );
      });
      return ok({ backupCodes: [] });
    },

    /**
     * Cognito checks TOTP codes only inside a sign-in challenge, so the code cannot be verified
     * here. Instead the access token must come from a sign-in (which asked for the code) within
     * `mfaFreshSignInMs`; the code is checked for shape only. See README.
     */
    async disable(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<Result<void, 'validation_failed'>> {
      const { token, claims, user } = await callerToken(userId, ctx);
      if (user.mfaEnabledAt === null)
        return fail('validation_failed', 'MFA is not on.', [
          { path: '/body/code', message: 'MFA is not on' },
        ]);
      if (!/^[0-9]{6}$/.test(code))
        return fail('validation_failed', 'The code is not valid.', [
          { path: '/body/code', message: 'is not a 6-digit authenticator code' },
        ]);
      if (clock.nowMs() - claims.authTime * 1000 > freshSignInMs)
        return fail(
          'validation_failed',
          'Sign in again (with your authenticator code) to turn MFA off; the last sign-in is too old.',
        );
      await setPreference(token, false);
      const now = clock.now();
      await database.transaction(async (tx) => {
        await users.disableMfa(userId, now, tx);
        await authEvents.record(
          {
            type: 'mfa_disabled',
            userId,
            ...origin(ctx),
            detail: { provider: 'cognito', code_checked: false },
          },
          tx,
        );
      });
      return ok(undefined);
    },
  };
}
