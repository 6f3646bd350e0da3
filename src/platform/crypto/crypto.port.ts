/**
 * Secrets at rest (POD parameters, signing keys, provider credentials) are sealed by a
 * `SecretBox`: envelope encryption with AES-256-GCM. Each secret gets its own random data key;
 * the data key is wrapped by the master key, whose id travels in the envelope so master keys
 * can rotate (decrypt with any known key, encrypt with the current one).
 */
export interface SecretBox {
  /**
   * Seals `plaintext` (UTF-8) into a compact, versioned envelope string (see `secret-box.ts`).
   * Two calls with the same input give different envelopes (fresh data key and IV each time).
   * `aad` (default `''`) is authenticated but not stored: pass the context the secret belongs
   * to (e.g. the parameter key) so an envelope copied to another row does not open there.
   */
  encrypt(plaintext: string, aad?: string): string;
  /**
   * Opens an envelope produced by `encrypt` under the same `aad`. Throws `SecretDecryptError`
   * when the envelope is malformed, names an unknown master key, was sealed under another
   * `aad`, or any byte of it was changed: it never returns garbage.
   */
  decrypt(envelope: string, aad?: string): string;
  /** Id of the master key new envelopes are sealed with (first 8 hex of its SHA-256). */
  readonly keyId: string;
}

export type SecretDecryptReason =
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'authentication_failed';

const REASON_TEXT: Record<SecretDecryptReason, string> = {
  malformed: 'the envelope is malformed',
  unsupported_version: 'the envelope version is not supported',
  unknown_key: 'the envelope was sealed with a master key this process does not have',
  authentication_failed:
    'authentication failed (wrong master key, wrong context, or the envelope was altered)',
};

/** A secret could not be opened. The message never contains any part of the secret. */
export class SecretDecryptError extends Error {
  constructor(
    readonly reason: SecretDecryptReason,
    detail?: string,
  ) {
    super(`Secret could not be decrypted: ${REASON_TEXT[reason]}${detail ? ` (${detail})` : ''}`);
    this.name = 'SecretDecryptError';
  }
}

/** The master key and where it came from; `keyId` is the first 8 hex of SHA-256(key). */
export interface MasterKey {
  key: Buffer;
  source: 'env' | 'file';
  keyId: string;
}

/** The master key could not be loaded or created; the process should not start. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}
