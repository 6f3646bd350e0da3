import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type SecretBox, SecretDecryptError } from './crypto.port.js';

/**
 * Envelope format, version 1 — six dot-separated fields (base64url has no dot):
 *
 *   v1.<keyId>.<wrappedKey>.<iv>.<ciphertext>.<tag>
 *
 * - keyId       8 lowercase hex: first 8 hex of SHA-256(master key) that wrapped the data key.
 * - wrappedKey  base64url of wrapIv(12) ‖ AES-256-GCM(master, dataKey)(32) ‖ wrapTag(16).
 * - iv          base64url, 12 random bytes (the 96-bit nonce GCM is designed for).
 * - ciphertext  base64url, AES-256-GCM(dataKey, UTF-8 plaintext); empty for an empty secret.
 * - tag         base64url, the 16-byte GCM tag.
 *
 * The wrap authenticates the version and key id; the data encryption authenticates the version
 * and the caller's `aad`. A fresh data key per secret means a (key, IV) pair is never reused.
 */
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_BYTES = IV_BYTES + KEY_BYTES + TAG_BYTES;
const KEY_ID_RE = /^[0-9a-f]{8}$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

/** First 8 hex of SHA-256(key): names a master key without revealing it. */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export interface SecretBoxKeys {
  /** Seals new envelopes and opens its own. 32 bytes. */
  current: Buffer;
  /** Retired master keys, still accepted for decryption while data is re-encrypted. */
  previous?: Buffer[];
}

/** Creates a SecretBox that encrypts with `current` and decrypts with any of the given keys. */
export function createSecretBox({ current, previous = [] }: SecretBoxKeys): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previous]) {
    if (key.length !== KEY_BYTES)
      throw new RangeError(`a master key must be ${KEY_BYTES} bytes, got ${key.length}`);
    const id = masterKeyId(key);
    const known = keys.get(id);
    if (known && !known.equals(key)) throw new RangeError(`two different master keys share the id ${id}`);
    // Copy so a caller zeroing or reusing its buffer cannot change the box's keys.
    keys.set(id, Buffer.from(key));
  }
  const currentId = masterKeyId(current);
  const currentKey = keys.get(currentId)!;

  return {
    keyId: currentId,

    encrypt(plaintext, aad = '') {
      const dataKey = randomBytes(KEY_BYTES);
      const wrapIv = randomBytes(IV_BYTES);
      const wrap = seal(currentKey, wrapIv, dataKey, wrapAad(currentId));
      const iv = randomBytes(IV_BYTES);
      const data = seal(dataKey, iv, Buffer.from(plaintext, 'utf8'), dataAad(aad));
      dataKey.fill(0);
      const wrapped = Buffer.concat([wrapIv, wrap.ciphertext, wrap.tag]);
      return [VERSION, currentId, b64(wrapped), b64(iv), b64(data.ciphertext), b64(data.tag)].join('.');
    },

    decrypt(envelope, aad = '') {
      const parts = envelope.split('.');
      if (parts.length !== 6) throw new SecretDecryptError('malformed', 'expected 6 dot-separated fields');
      const [version, keyId, wrappedText, ivText, ciphertextText, tagText] = parts as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      if (version !== VERSION) throw new SecretDecryptError('unsupported_version');
      if (!KEY_ID_RE.test(keyId)) throw new SecretDecryptError('malformed', 'bad key id');
      const wrapped = unb64(wrappedText, 'wrapped key', WRAPPED_BYTES);
      const iv = unb64(ivText, 'iv', IV_BYTES);
      const ciphertext = unb64(ciphertextText, 'ciphertext');
      const tag = unb64(tagText, 'tag', TAG_BYTES);
      const masterKey = keys.get(keyId);
      if (!masterKey) throw new SecretDecryptError('unknown_key', `key id ${keyId}`);

      const dataKey = open(
        masterKey,
        wrapped.subarray(0, IV_BYTES),
        wrapped.subarray(IV_BYTES, IV_BYTES + KEY_BYTES),
        wrapped.subarray(IV_BYTES + KEY_BYTES),
        wrapAad(keyId),
      );
      try {
        return open(dataKey, iv, ciphertext, tag, dataAad(aad)).toString('utf8');
      } finally {
        dataKey.fill(0);
      }
    },
  };
}

function wrapAad(keyId: string): Buffer {
  return Buffer.from(`gpubroker/secretbox/${VERSION}/wrap/${keyId}`, 'utf8');
}

function dataAad(aad: string): Buffer {
  // The fixed prefix separates this use of GCM from the wrap; the caller's context follows it.
  return Buffer.from(`gpubroker/secretbox/${VERSION}/data/${aad}`, 'utf8');
}

function seal(key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

function open(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    // `update()` yields bytes before the tag is checked; they are returned only if `final()` verifies it.
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new SecretDecryptError('authentication_failed');
  }
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}

/**
 * Strict base64url: Node's decoder skips foreign characters and ignores the spare low bits of
 * the last character, so two different strings can decode to the same bytes. Requiring the
 * canonical encoding makes every character of the envelope significant.
 */
function unb64(text: string, field: string, expectedBytes?: number): Buffer {
  if (!B64URL_RE.test(text)) throw new SecretDecryptError('malformed', `${field} is not base64url`);
  const buf = Buffer.from(text, 'base64url');
  if (buf.toString('base64url') !== text)
    throw new SecretDecryptError('malformed', `${field} is not canonical base64url`);
  if (expectedBytes !== undefined && buf.length !== expectedBytes) {
    throw new SecretDecryptError('malformed', `${field} must be ${expectedBytes} bytes`);
  }
  return buf;
}
