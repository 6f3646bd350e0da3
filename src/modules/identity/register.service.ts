import { createHash } from 'node:crypto';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError, fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import type { RegisterInput } from './identity-provider.js';
import { checkPasswordPolicy, type PasswordHasher } from './password.js';
import { hashToken, newOpaqueToken, type RequestContext } from './secure-token.js';
import type { UserRow, UsersRepo } from './users.repo.js';

export const VERIFICATION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface RegisterLimits {
  /** Sign-ups per client IP per window (scripted account creation). */
  perIp: number;
  /** Confirmation e-mails re-sent per address per window (mail bombing). */
  resendsPerEmail: number;
  windowMs: number;
}

export const DEFAULT_REGISTER_LIMITS: RegisterLimits = {
  perIp: 20,
  resendsPerEmail: 5,
  windowMs: 60 * 60 * 1000,
};

export interface RegisterDeps {
  database: Pick<Database, 'transaction'>;
  users: Pick<
    UsersRepo,
    'insert' | 'insertVerificationToken' | 'spendVerificationToken' | 'confirm' | 'byEmail'
  >;
  cache: Pick<Cache, 'increment'>;
  limits?: RegisterLimits;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  passwords: Pick<PasswordHasher, 'hash'>;
  mailer: Pick<Mailer, 'send'>;
  ids: IdGenerator;
  clock: Clock;
  /**
   * True: accounts are active at once (`verification: "auto_confirmed"`); false: a confirmation
   * link is e-mailed. Read per call, so a runtime mode switch takes effect without a restart.
   */
  autoConfirm: () => boolean;
  /** False: sign-ups are closed (403). Read per call (a POD parameter). Default open. */
  registrationOpen?: () => boolean;
  /** Absolute base of the web app, e.g. `https://gpubroker.example`; the link is `<base>/verify-email?token=…`. */
  appBaseUrl: string;
}

export type { RegisterInput };

/** Lower-cased and trimmed: the one spelling stored and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Sign-up and e-mail confirmation. */
export function createRegisterService(deps: RegisterDeps) {
  const { database, users, authEvents, passwords, mailer, ids, clock, cache } = deps;
  const limits = deps.limits ?? DEFAULT_REGISTER_LIMITS;

  const linkFor = (token: string) =>
    `${deps.appBaseUrl.replace(/\/+$/, '')}/verify-email?token=${encodeURIComponent(token)}`;

  /** Counts one attempt under `key`; the ms until the window resets when it is over `max`, else null. */
  async function overLimit(key: string, max: number): Promise<number | null> {
    const { count, resetInMs } = await cache.increment(key, limits.windowMs);
    return count > max ? resetInMs : null;
  }

  return {
    /**
     * Creates the account (`unconfirmed` with a mailed link, or `active` when auto-confirming).
     * `validation_failed` for a weak password, `conflict` when the e-mail is registered.
     */
    async register(
      input: RegisterInput,
      ctx: RequestContext,
    ): Promise<
      Result<
        { user: UserRow; verification: 'email_sent' | 'auto_confirmed' },
        'validation_failed' | 'conflict'
      >
    > {
      const problems = checkPasswordPolicy(input.password);
      if (problems.length > 0) return fail('validation_failed', 'The password is too weak.', problems);
      if (deps.registrationOpen && !deps.registrationOpen())
        throw new AppError('forbidden', { detail: 'Sign-ups are closed for now.' });
      const blockedFor = await overLimit(`auth:register:ip:${ctx.ip ?? 'unknown'}`, limits.perIp);
      if (blockedFor !== null)
        throw new AppError('rate_limited', {
          detail: 'Too many accounts created from this address; try again later.',
          retryAfterSeconds: Math.max(1, Math.ceil(blockedFor / 1000)),
        });
      const email = normalizeEmail(input.email);
      const name = input.name.trim();
      if (name === '')
        return fail('validation_failed', 'The name is empty.', [
          { path: '/body/name', message: 'must not be blank' },
        ]);
      const autoConfirm = deps.autoConfirm();
      const passwordHash = await passwords.hash(input.password);
      const now = clock.now();
      const token = newOpaqueToken();

      const created = await database.transaction(async (tx) => {
        const inserted = await users.insert(
          {
            id: ids.newId('user'),
            email,
            passwordHash,
            name,
            role: 'user',
            plan: 'free',
            requestedPlan: input.plan ?? null,
            status: autoConfirm ? 'active' : 'unconfirmed',
            createdAt: now,
            updatedAt: now,
          },
          tx,
        );
        if (!inserted.ok) return null;
        if (!autoConfirm) {
          await users.insertVerificationToken(
            {
              tokenHash: hashToken(token),
              userId: inserted.user.id,
              expiresAt: new Date(now.getTime() + VERIFICATION_TOKEN_TTL_MS),
              createdAt: now,
            },
            tx,
          );
        }
        await authEvents.record(
          {
            type: 'user_registered',
            userId: inserted.user.id,
            ...ctx,
            detail: { auto_confirmed: autoConfirm },
          },
          tx,
        );
        return inserted.user;
      });
      if (!created) return fail('conflict', 'An account with this e-mail address already exists.');
      if (autoConfirm) return ok({ user: created, verification: 'auto_confirmed' as const });

      // A mail that cannot be delivered is recorded as failed; the account exists either way and
      // `resendVerification` covers it, so registration itself still succeeds.
      await mailer.send('verify-email', email, { name, link: linkFor(token) }, { user_id: created.id });
      return ok({ user: created, verification: 'email_sent' as const });
    },

    /**
     * Mails a fresh confirmation link to an unconfirmed account (earlier links keep working until
     * they expire). Says nothing about whether the address exists: the caller always answers 202.
     * At most `resendsPerEmail` per window per address; beyond that it is silently skipped.
     */
    async resendVerification(rawEmail: string, ctx: RequestContext): Promise<void> {
      const email = normalizeEmail(rawEmail);
      const hash = createHash('sha256').update(email).digest('hex').slice(0, 32);
      if ((await overLimit(`auth:register:resend:${hash}`, limits.resendsPerEmail)) !== null) return;
      const user = await users.byEmail(email);
      if (user?.status !== 'unconfirmed') return;
      const token = newOpaqueToken();
      const now = clock.now();
      await database.transaction(async (tx) => {
        await users.insertVerificationToken(
          {
            tokenHash: hashToken(token),
            userId: user.id,
            expiresAt: new Date(now.getTime() + VERIFICATION_TOKEN_TTL_MS),
            createdAt: now,
          },
          tx,
        );
        await authEvents.record({ type: 'verification_resent', userId: user.id, ...ctx }, tx);
      });
      await mailer.send(
        'verify-email',
        email,
        { name: user.name, link: linkFor(token) },
        { user_id: user.id },
      );
    },

    /** Confirms the e-mail: the token is single-use and expires. `token_expired` otherwise. */
    async verifyEmail(token: string, ctx: RequestContext): Promise<Result<UserRow, 'token_expired'>> {
      const now = clock.now();
      const user = await database.transaction(async (tx) => {
        const userId = await users.spendVerificationToken(hashToken(token), now, tx);
        if (!userId) return null;
        const updated = await users.confirm(userId, now, tx);
        await authEvents.record({ type: 'email_verified', userId, ...ctx }, tx);
        return updated ?? null;
      });
      if (!user) return fail('token_expired', 'The confirmation link is invalid, expired or already used.');
      return ok(user);
    },
  };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
