import type { Result } from '../../platform/errors/app-error.js';
import type { Principal } from './access-token.service.js';
import type { Plan } from './identity.tables.js';
import type { RequestContext } from './secure-token.js';
import type { TokenPair } from './session.service.js';
import type { UserRow } from './users.repo.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  plan?: Plan;
}

export interface LoginInput {
  email: string;
  password: string;
  /** A 6-digit TOTP code or a backup code; required once MFA is on (401 `mfa_required` without it). */
  totpCode?: string | undefined;
}

export interface TotpSetup {
  /** Base32 secret, for manual entry in an authenticator app. */
  secret: string;
  /** `otpauth://totp/…` URI the page renders as a QR code. */
  otpauthUrl: string;
}

/**
 * Where accounts live and how credentials are checked. The built-in adapter keeps users, passwords,
 * TOTP and sessions in our database; the Cognito adapter (chosen when `COGNITO_USER_POOL_ID` is
 * set) delegates them to a user pool and keeps a local user row (linked by the pool's `sub`) so the
 * rest of the platform sees the same `{ userId, role, plan }` principal either way.
 *
 * Methods throw `AppError` (or return `fail(...)`) with the codes the routes document: `unauthorized`,
 * `mfa_required`, `forbidden`, `conflict`, `validation_failed`, `token_expired`, `rate_limited`.
 */
export interface IdentityProvider {
  readonly kind: 'builtin' | 'cognito';
  register(
    input: RegisterInput,
    ctx: RequestContext,
  ): Promise<
    Result<{ user: UserRow; verification: 'email_sent' | 'auto_confirmed' }, 'validation_failed' | 'conflict'>
  >;
  /** Confirms an e-mail address with the token of the confirmation link. */
  verifyEmail(token: string, ctx: RequestContext): Promise<Result<UserRow, 'token_expired'>>;
  /** Sends a fresh confirmation link to an unconfirmed account; silent for any other address. */
  resendVerification(email: string, ctx: RequestContext): Promise<void>;
  login(input: LoginInput, ctx: RequestContext): Promise<TokenPair>;
  refresh(refreshToken: string, ctx: RequestContext): Promise<Result<TokenPair, 'unauthorized'>>;
  logout(refreshToken: string, ctx: RequestContext): Promise<void>;
  /**
   * Verifies an access token (never an API key: those are checked by the API-key service);
   * null when it is not valid (bad signature, expired, unknown key, wrong issuer or audience).
   */
  verifyAccessToken(token: string): Promise<Principal | null>;
  mfa: {
    /** Starts (or restarts) TOTP enrolment; MFA is not in force until `enableTotp`. */
    setupTotp(userId: string, ctx: RequestContext): Promise<TotpSetup>;
    /** Turns MFA on with a current code; returns the one-time backup codes (shown once). */
    enableTotp(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<Result<{ backupCodes: string[] }, 'validation_failed' | 'conflict'>>;
    /** Turns MFA off with a current TOTP or backup code. */
    disable(userId: string, code: string, ctx: RequestContext): Promise<Result<void, 'validation_failed'>>;
  };
}
