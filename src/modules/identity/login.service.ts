import { createHash } from 'node:crypto';
import type { Cache } from '../../platform/cache/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import type { LoginInput } from './identity-provider.js';
import type { MfaService } from './mfa.service.js';
import type { PasswordHasher } from './password.js';
import { normalizeEmail } from './register.service.js';
import type { RequestContext } from './secure-token.js';
import type { SessionService, TokenPair } from './session.service.js';
import type { UsersRepo } from './users.repo.js';

export interface LoginLimits {
  /** Attempts per client IP per window (generous: offices and carriers share addresses). */
  perIp: number;
  /** Attempts per account per window; reset by a successful login. */
  perAccount: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 50, perAccount: 10, windowMs: 15 * 60 * 1000 };

export interface LoginDeps {
  users: Pick<UsersRepo, 'byEmail'>;
  passwords: Pick<PasswordHasher, 'verify' | 'verifyDummy'>;
  sessions: Pick<SessionService, 'start'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  cache: Pick<Cache, 'increment' | 'delete'>;
  mfa: Pick<MfaService, 'verifySecondFactor'>;
  limits?: LoginLimits;
}

const INVALID = 'Invalid e-mail or password.';

export type { LoginInput };

/** Password login. Every failure to authenticate has the same shape, whether or not the e-mail exists. */
export function createLoginService(deps: LoginDeps) {
  const { users, passwords, sessions, authEvents, cache } = deps;
  const limits = deps.limits ?? DEFAULT_LOGIN_LIMITS;

  // Keys carry a hash, not the address: cache keys show up in Redis tooling and metrics.
  const accountKey = (email: string) =>
    `auth:login:acct:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;

  async function enforceLimits(email: string, ctx: RequestContext): Promise<void> {
    const [ip, account] = await Promise.all([
      cache.increment(`auth:login:ip:${ctx.ip ?? 'unknown'}`, limits.windowMs),
      cache.increment(accountKey(email), limits.windowMs),
    ]);
    const over = [
      ...(ip.count > limits.perIp ? [ip.resetInMs] : []),
      ...(account.count > limits.perAccount ? [account.resetInMs] : []),
    ];
    if (over.length === 0) return;
    // Only the first refusal of a window is logged: a flood must not flood the audit log too.
    if (ip.count === limits.perIp + 1 || account.count === limits.perAccount + 1)
      await authEvents.record({ type: 'login_rate_limited', ...ctx, detail: { email } });
    throw new AppError('rate_limited', {
      detail: 'Too many login attempts; try again later.',
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...over) / 1000)),
    });
  }

  return {
    /**
     * Checks the password and opens a session. 429 `rate_limited` (with Retry-After) beyond the
     * limits; 401 `unauthorized` with one message for unknown e-mail and wrong password alike;
     * 403 `forbidden` for an account not yet confirmed or disabled (only after a correct password,
     * so it reveals nothing to someone without it).
     */
    async login(input: LoginInput, ctx: RequestContext): Promise<TokenPair> {
      const email = normalizeEmail(input.email);
      await enforceLimits(email, ctx);
      const user = await users.byEmail(email);
      const valid = user?.passwordHash
        ? await passwords.verify(user.passwordHash, input.password)
        : await passwords.verifyDummy(input.password);
      if (!user || !valid) {
        await authEvents.record({
          type: 'login_failed',
          userId: user?.id ?? null,
          ...ctx,
          detail: { reason: user ? 'wrong_password' : 'unknown_email' },
        });
        throw new AppError('unauthorized', { detail: INVALID });
      }
      if (user.status === 'unconfirmed')
        throw new AppError('forbidden', { detail: 'Confirm your e-mail address before logging in.' });
      if (user.status === 'disabled')
        throw new AppError('forbidden', { detail: 'This account is disabled.' });
      if (user.mfaEnabledAt !== null) {
        // The password was right, so saying a code is needed reveals nothing new. Wrong codes
        // count against the same per-account limit as wrong passwords (the limit is only reset
        // by a complete login).
        if (!input.totpCode)
          throw new AppError('mfa_required', {
            detail: 'Enter the code from your authenticator app, or a backup code.',
          });
        if (!(await deps.mfa.verifySecondFactor(user, input.totpCode, ctx))) {
          await authEvents.record({
            type: 'login_failed',
            userId: user.id,
            ...ctx,
            detail: { reason: 'wrong_mfa_code' },
          });
          throw new AppError('unauthorized', { detail: 'The verification code is not valid.' });
        }
      }
      await cache.delete(accountKey(email));
      const pair = await sessions.start(user, ctx);
      await authEvents.record({ type: 'login_succeeded', userId: user.id, ...ctx });
      return pair;
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
