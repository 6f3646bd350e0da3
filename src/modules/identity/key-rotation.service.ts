import type { Clock } from '../../platform/clock/clock.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from './access-token.service.js';
import type { SigningKeysRepo } from './signing-keys.repo.js';

/** A signing key signs for this long before a new one replaces it. */
export const KEY_ROTATION_MS = 30 * 24 * 3600_000;
/** Clock skew allowed between instances when deciding that no token of a key can still be valid. */
const SKEW_MS = 5 * 60_000;
export const KEY_ROTATION_JOB = 'identity.signing-key-rotation';

export interface KeyRotationDeps {
  keys: Pick<SigningKeysRepo, 'active'>;
  accessTokens: Pick<AccessTokens, 'rotate' | 'retire'>;
  clock: Clock;
  rotationMs?: number;
  tokenTtlSeconds?: number;
}

/**
 * Rotates the access-token signing key once it has signed for `rotationMs`, and retires every
 * older key once its successor has signed longer than a token lives (plus skew): tokens it
 * signed have all expired, so dropping it from the JWKS logs nobody out.
 */
export async function rotateSigningKeys(
  deps: KeyRotationDeps,
): Promise<{ rotated: string | null; retired: string[] }> {
  const rotationMs = deps.rotationMs ?? KEY_ROTATION_MS;
  const graceMs = (deps.tokenTtlSeconds ?? ACCESS_TOKEN_TTL_SECONDS) * 1000 + SKEW_MS;
  const now = deps.clock.nowMs();
  const before = await deps.keys.active();
  // No key yet: the first token creates one; rotating here would only add a second.
  const newest = before[0];
  const rotated =
    newest && now - newest.createdAt.getTime() >= rotationMs ? await deps.accessTokens.rotate() : null;

  const keys = await deps.keys.active(); // newest first
  const retired: string[] = [];
  for (let i = 1; i < keys.length; i++) {
    const successorSince = keys[i - 1]!.createdAt.getTime();
    if (now - successorSince > graceMs && (await deps.accessTokens.retire(keys[i]!.kid)))
      retired.push(keys[i]!.kid);
  }
  return { rotated, retired };
}

/** Runs `rotateSigningKeys` hourly (one run per tick across instances). */
export async function scheduleKeyRotation(
  jobs: Pick<JobQueue, 'work' | 'schedule'>,
  deps: KeyRotationDeps,
  logger: { info(obj: object, msg: string): void },
): Promise<void> {
  await jobs.work(KEY_ROTATION_JOB, async () => {
    const result = await rotateSigningKeys(deps);
    if (result.rotated || result.retired.length > 0) logger.info(result, 'access-token signing keys rotated');
  });
  await jobs.schedule(KEY_ROTATION_JOB, '41 * * * *');
}
