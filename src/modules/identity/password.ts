import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from '../../platform/errors/app-error.js';

export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs only cost hashing time; no human types more. */
export const MAX_PASSWORD_LENGTH = 256;

// Passwords of ten characters or more that top public breach lists; matched case-insensitively.
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '123456789a',
  '0123456789',
  '0987654321',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'asdfghjkl1',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'football123',
  'abcdefghij',
  'abc1234567',
  'administrator',
  'changeme123',
  'gpubroker123',
]);

/**
 * The registration password policy: at least 10 characters, at most 256, not one character
 * repeated, not a straight run (`abcdefghij`, `9876543210`) and not on the common-password list.
 * Returns the problems as field errors for `path` (empty when the password is acceptable).
 */
export function checkPasswordPolicy(password: string, path = '/body/password'): FieldError[] {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH)
    return [{ path, message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }];
  if (chars.length > MAX_PASSWORD_LENGTH)
    return [{ path, message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }];
  if (new Set(chars).size === 1) return [{ path, message: 'must not be one character repeated' }];
  if (isStraightRun(chars)) return [{ path, message: 'must not be a run of consecutive characters' }];
  if (COMMON_PASSWORDS.has(password.toLowerCase()))
    return [{ path, message: 'is too common; choose a less guessable password' }];
  return [];
}

function isStraightRun(chars: string[]): boolean {
  const codes = chars.map((c) => c.toLowerCase().codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) !== 1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}

/**
 * argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). `@node-rs/argon2`
 * rather than `argon2`: the latter's prebuilt linux-x64 binary segfaulted on a fresh `npm ci`
 * here (exit 139), while napi-rs ships per-platform binaries with no install script.
 * `algorithm: 2` is `Algorithm.Argon2id` (a const enum, which isolated modules cannot import).
 */
const HASH_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `encoded`; false also for a malformed hash. */
  verify(encoded: string, password: string): Promise<boolean>;
  /**
   * Runs a verification against a fixed hash and returns false, so a login for an unknown
   * e-mail costs the same time as one with a wrong password (no user enumeration by timing).
   */
  verifyDummy(password: string): Promise<false>;
}

export function createPasswordHasher(): PasswordHasher {
  let dummy: Promise<string> | undefined;
  const check = async (encoded: string, password: string) => {
    try {
      return await verify(encoded, password);
    } catch {
      return false;
    }
  };
  return {
    hash: (password) => hash(password, HASH_OPTIONS),
    verify: check,
    async verifyDummy(password) {
      dummy ??= hash('dummy password for timing equalisation', HASH_OPTIONS);
      await check(await dummy, password);
      return false;
    },
  };
}
