import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import { AppError, fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { AuthEventsRepo } from './auth-events.repo.js';
import type { TotpSetup } from './identity-provider.js';
import type { BackupCodesRepo } from './mfa-backup-codes.repo.js';
import type { RequestContext } from './secure-token.js';
import type { UserRow, UsersRepo } from './users.repo.js';

export const TOTP_ISSUER = 'GPUBROKER';
export const BACKUP_CODE_COUNT = 10;
/** Codes typed on the enable/disable forms: a stolen session must not brute-force the 6 digits. */
export const MFA_ATTEMPTS = { max: 10, windowMs: 15 * 60 * 1000 };

// No 0/o, 1/l/i: codes are read off paper and typed by hand.
const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const TOTP_PATTERN = /^[0-9]{6}$/;
const BACKUP_PATTERN = /^[a-z0-9]{8}$/;

/** `xxxx-xxxx`, 8 characters of a 31-letter alphabet (~40 bits). */
function newBackupCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What we accept as typed: case, spaces and dashes do not matter. */
function normalizeCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

// Salted with the user id: one table of precomputed hashes does not open every account's codes.
const backupCodeHash = (userId: string, normalized: string) =>
  createHash('sha256').update(`${userId}:${normalized}`).digest('hex');

export interface MfaDeps {
  database: Pick<Database, 'transaction'>;
  users: Pick<UsersRepo, 'byId' | 'setPendingTotp' | 'enableMfa' | 'disableMfa' | 'advanceTotpStep'>;
  backupCodes: BackupCodesRepo;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  secrets: SecretBox;
  cache: Pick<Cache, 'increment'>;
  clock: Clock;
}

/** TOTP (RFC 6238, 30 s steps, ±1 step of drift, no replay) and one-time backup codes. */
export function createMfaService(deps: MfaDeps) {
  const { database, users, backupCodes, authEvents, secrets, clock } = deps;
  const epoch = () => Math.floor(clock.now().getTime() / 1000);

  /** The step of a valid code later than `afterStep`, or null. */
  async function checkTotp(user: UserRow, code: string, afterStep: number | null): Promise<number | null> {
    if (!user.mfaTotpSecret || !TOTP_PATTERN.test(code)) return null;
    const secret = secrets.decrypt(user.mfaTotpSecret, user.id);
    const result = await verify({
      secret,
      token: code,
      epoch: epoch(),
      epochTolerance: 30,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }

  async function throttle(userId: string): Promise<void> {
    const { count, resetInMs } = await deps.cache.increment(`auth:mfa:${userId}`, MFA_ATTEMPTS.windowMs);
    if (count > MFA_ATTEMPTS.max)
      throw new AppError('rate_limited', {
        detail: 'Too many verification codes tried; try again later.',
        retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
      });
  }

  async function mustFind(userId: string): Promise<UserRow> {
    const user = await users.byId(userId);
    if (!user) throw new AppError('unauthorized', { detail: 'The account no longer exists.' });
    return user;
  }

  /**
   * A second factor for a user with MFA on: a TOTP code (each step accepted once) or an unused
   * backup code (spent). False for anything else.
   */
  async function verifySecondFactor(user: UserRow, code: string, ctx: RequestContext): Promise<boolean> {
    if (user.mfaEnabledAt === null) return false;
    const typed = normalizeCode(code);
    if (TOTP_PATTERN.test(typed)) {
      const step = await checkTotp(user, typed, user.mfaTotpLastStep);
      return step !== null && (await users.advanceTotpStep(user.id, step));
    }
    if (!BACKUP_PATTERN.test(typed)) return false;
    const spent = await backupCodes.spend(user.id, backupCodeHash(user.id, typed), clock.now());
    if (spent) {
      const remaining = await backupCodes.remaining(user.id);
      await authEvents.record({
        type: 'mfa_backup_code_used',
        userId: user.id,
        ...ctx,
        detail: { remaining },
      });
    }
    return spent;
  }

  /** Replaces the user's backup codes with fresh ones; returns them (their hashes are stored). */
  async function issueBackupCodes(userId: string, now: Date, tx: DbExecutor): Promise<string[]> {
    const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
    await backupCodes.replace(
      userId,
      codes.map((c) => backupCodeHash(userId, normalizeCode(c))),
      now,
      tx,
    );
    return codes;
  }

  /** For changes to MFA itself: the user must have MFA on and type a current code (throttled). */
  async function confirmWithCode(
    userId: string,
    code: string,
    ctx: RequestContext,
    action: string,
  ): Promise<Result<UserRow, 'validation_failed'>> {
    const user = await mustFind(userId);
    if (user.mfaEnabledAt === null)
      return fail('validation_failed', 'MFA is not on.', [{ path: '/body/code', message: 'MFA is not on' }]);
    await throttle(user.id);
    if (await verifySecondFactor(user, code, ctx)) return ok(user);
    await authEvents.record({ type: 'mfa_failed', userId: user.id, ...ctx, detail: { action } });
    return fail('validation_failed', 'The code is not valid.', [
      { path: '/body/code', message: 'is not a current authenticator code or an unused backup code' },
    ]);
  }

  return {
    verifySecondFactor,

    /** Starts (or restarts) enrolment: a new secret, sealed at rest, not yet in force. */
    async setupTotp(userId: string, ctx: RequestContext): Promise<TotpSetup> {
      const user = await mustFind(userId);
      if (user.mfaEnabledAt !== null)
        throw new AppError('conflict', { detail: 'MFA is already on; turn it off before enrolling again.' });
      const secret = generateSecret();
      await users.setPendingTotp(user.id, secrets.encrypt(secret, user.id), clock.now());
      await authEvents.record({ type: 'mfa_setup_started', userId: user.id, ...ctx });
      return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label: user.email, secret }) };
    },

    /** Puts MFA in force with a current code from the enrolled app; returns fresh backup codes. */
    async enableTotp(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<Result<{ backupCodes: string[] }, 'validation_failed' | 'conflict'>> {
      const user = await mustFind(userId);
      if (user.mfaEnabledAt !== null) return fail('conflict', 'MFA is already on.');
      if (!user.mfaTotpSecret)
        return fail('validation_failed', 'Start the authenticator setup first.', [
          { path: '/body/code', message: 'no authenticator is being set up' },
        ]);
      await throttle(user.id);
      const step = await checkTotp(user, normalizeCode(code), null);
      if (step === null) {
        await authEvents.record({
          type: 'mfa_failed',
          userId: user.id,
          ...ctx,
          detail: { action: 'enable' },
        });
        return fail('validation_failed', 'The code is not valid; check the time on your device.', [
          { path: '/body/code', message: 'is not a current code of the authenticator' },
        ]);
      }
      const now = clock.now();
      let codes: string[] = [];
      const enabled = await database.transaction(async (tx) => {
        if (!(await users.enableMfa(user.id, now, step, tx))) return false;
        codes = await issueBackupCodes(user.id, now, tx);
        await authEvents.record(
          { type: 'mfa_enabled', userId: user.id, ...ctx, detail: { method: 'totp' } },
          tx,
        );
        return true;
      });
      if (!enabled) return fail('conflict', 'MFA is already on.');
      return ok({ backupCodes: codes });
    },

    /** Turns MFA off with a current TOTP or backup code; the secret and backup codes are deleted. */
    async disable(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<Result<void, 'validation_failed'>> {
      const checked = await confirmWithCode(userId, code, ctx, 'disable');
      if (!checked.ok) return checked;
      const user = checked.value;
      const now = clock.now();
      await database.transaction(async (tx) => {
        await users.disableMfa(user.id, now, tx);
        await backupCodes.replace(user.id, [], now, tx);
        await authEvents.record({ type: 'mfa_disabled', userId: user.id, ...ctx }, tx);
      });
      return ok(undefined);
    },

    /** Replaces the backup codes (all old ones stop working) after a current code. */
    async regenerateBackupCodes(
      userId: string,
      code: string,
      ctx: RequestContext,
    ): Promise<Result<{ backupCodes: string[] }, 'validation_failed'>> {
      const checked = await confirmWithCode(userId, code, ctx, 'backup_codes');
      if (!checked.ok) return checked;
      const user = checked.value;
      const now = clock.now();
      const codes = await database.transaction(async (tx) => {
        const issued = await issueBackupCodes(user.id, now, tx);
        await authEvents.record(
          { type: 'mfa_enabled', userId: user.id, ...ctx, detail: { backup_codes_regenerated: true } },
          tx,
        );
        return issued;
      });
      return ok({ backupCodes: codes });
    },
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
