import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretDecryptError } from './crypto.port.js';
import { createSecretBox, masterKeyId } from './secret-box.js';

const keyA = Buffer.alloc(32, 0xa1);
const keyB = Buffer.alloc(32, 0xb2);
const box = createSecretBox({ current: keyA });

function decryptError(fn: () => unknown): SecretDecryptError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretDecryptError);
    return err as SecretDecryptError;
  }
  throw new Error('expected decrypt to throw');
}

describe('createSecretBox', () => {
  it.each([
    ['ascii', 'sk_live_abc123'],
    ['unicode', 'pässwörd 🔐 密码 — ∑'],
    ['empty string', ''],
    ['100 KB', 'x'.repeat(50_000) + '€'.repeat(16_667)],
  ])('round-trips %s', (_label, plaintext) => {
    const envelope = box.encrypt(plaintext, 'stripe.secret_key');
    expect(envelope).not.toContain(plaintext || '\u0000');
    expect(box.decrypt(envelope, 'stripe.secret_key')).toBe(plaintext);
  });

  it('writes a versioned envelope naming the master key', () => {
    const fields = box.encrypt('secret').split('.');
    expect(fields).toHaveLength(6);
    expect(fields[0]).toBe('v1');
    expect(fields[1]).toBe(createHash('sha256').update(keyA).digest('hex').slice(0, 8));
    expect(box.keyId).toBe(fields[1]);
    expect(Buffer.from(fields[2]!, 'base64url')).toHaveLength(60);
    expect(Buffer.from(fields[3]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(fields[4]!, 'base64url')).toHaveLength(6);
    expect(Buffer.from(fields[5]!, 'base64url')).toHaveLength(16);
  });

  it('gives a different envelope every time, with a fresh data key and IV', () => {
    const a = box.encrypt('same').split('.');
    const b = box.encrypt('same').split('.');
    expect(a[2]).not.toBe(b[2]);
    expect(a[3]).not.toBe(b[3]);
    expect(a[4]).not.toBe(b[4]);
  });

  it('treats a missing aad as the empty context', () => {
    expect(box.decrypt(box.encrypt('s'), '')).toBe('s');
    expect(box.decrypt(box.encrypt('s', ''))).toBe('s');
  });

  it('refuses an envelope opened under another aad', () => {
    const envelope = box.encrypt('secret', 'param:stripe.secret_key');
    expect(decryptError(() => box.decrypt(envelope, 'param:aws.secret_key')).reason).toBe(
      'authentication_failed',
    );
    expect(decryptError(() => box.decrypt(envelope)).reason).toBe('authentication_failed');
  });

  it.each([
    [2, 'wrapped key (wrap IV)', 0],
    [2, 'wrapped key (encrypted data key)', 20],
    [2, 'wrapped key (wrap tag)', 59],
    [3, 'iv', 5],
    [4, 'ciphertext', 3],
    [5, 'tag', 15],
  ])('refuses a flipped bit in field %i: %s', (field, _label, byte) => {
    const fields = box.encrypt('top secret value').split('.');
    const bytes = Buffer.from(fields[field]!, 'base64url');
    bytes[byte]! ^= 0x01;
    fields[field] = bytes.toString('base64url');
    expect(decryptError(() => box.decrypt(fields.join('.'))).reason).toBe('authentication_failed');
  });

  it('refuses a change to any single character of the envelope', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const envelope = box.encrypt('top secret', 'ctx');
    for (let i = 0; i < envelope.length; i++) {
      // Flip the lowest of the character's 6 bits: in a field's last character that bit is
      // padding, which a lenient base64url decoder would ignore.
      const value = alphabet.indexOf(envelope[i]!);
      const replacement = value < 0 ? 'A' : alphabet[value ^ 1]!;
      const tampered = envelope.slice(0, i) + replacement + envelope.slice(i + 1);
      expect(() => box.decrypt(tampered, 'ctx'), `position ${i}`).toThrow(SecretDecryptError);
    }
  });

  it('refuses truncated, extended and re-versioned envelopes with a clear reason', () => {
    const envelope = box.encrypt('value');
    expect(decryptError(() => box.decrypt(envelope.slice(0, -1))).reason).toBe('malformed');
    expect(decryptError(() => box.decrypt(`${envelope}.x`)).reason).toBe('malformed');
    expect(decryptError(() => box.decrypt('not an envelope')).reason).toBe('malformed');
    expect(decryptError(() => box.decrypt(envelope.replace(/^v1/, 'v2'))).reason).toBe('unsupported_version');
    const err = decryptError(() => box.decrypt(envelope, 'other'));
    expect(err.message).toMatch(/^Secret could not be decrypted: authentication failed/);
    expect(err.message).not.toContain('value');
  });

  it('refuses an envelope sealed under another master key', () => {
    const other = createSecretBox({ current: keyB });
    const envelope = other.encrypt('secret');
    expect(decryptError(() => box.decrypt(envelope)).reason).toBe('unknown_key');
    // Same id claimed but a different key: the wrap does not authenticate.
    const forged = envelope.split('.');
    forged[1] = box.keyId;
    expect(decryptError(() => box.decrypt(forged.join('.'))).reason).toBe('authentication_failed');
  });

  it('decrypts with a previous key after rotation and seals with the current one', () => {
    const oldBox = createSecretBox({ current: keyA });
    const oldEnvelope = oldBox.encrypt('rotate me', 'ctx');
    const rotated = createSecretBox({ current: keyB, previous: [keyA] });
    expect(rotated.keyId).toBe(masterKeyId(keyB));
    expect(rotated.decrypt(oldEnvelope, 'ctx')).toBe('rotate me');
    const newEnvelope = rotated.encrypt('rotate me', 'ctx');
    expect(newEnvelope.split('.')[1]).toBe(masterKeyId(keyB));
    expect(decryptError(() => oldBox.decrypt(newEnvelope, 'ctx')).reason).toBe('unknown_key');
  });

  it('does not change when the caller reuses its key buffer', () => {
    const key = randomBytes(32);
    const own = createSecretBox({ current: key });
    const envelope = own.encrypt('kept');
    key.fill(0);
    expect(own.decrypt(envelope)).toBe('kept');
  });

  it('rejects master keys that are not 32 bytes', () => {
    expect(() => createSecretBox({ current: Buffer.alloc(16) })).toThrow(/32 bytes/);
    expect(() => createSecretBox({ current: keyA, previous: [Buffer.alloc(31)] })).toThrow(/32 bytes/);
  });
});
