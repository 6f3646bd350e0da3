import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterKeyError } from './crypto.port.js';
import { openSecretBox } from './index.js';
import { loadMasterKey } from './master-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gpb-master-key-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sha8 = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

describe('loadMasterKey', () => {
  it('uses the configured key and writes no file', () => {
    const configured = Buffer.alloc(32, 7);
    const loaded = loadMasterKey({ masterKey: configured, dataDir: dir });
    expect(loaded.source).toBe('env');
    expect(loaded.key.equals(configured)).toBe(true);
    expect(loaded.keyId).toBe(sha8(configured));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates a 32-byte key file with mode 0600 and reuses it on the next call', () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = loadMasterKey({ masterKey: null, dataDir });
    const file = join(dataDir, 'master.key');
    expect(first.source).toBe('file');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).equals(first.key)).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(first.keyId).toBe(sha8(first.key));
    // No temporary file is left behind.
    expect(readdirSync(dataDir)).toEqual(['master.key']);

    const second = loadMasterKey({ masterKey: null, dataDir });
    expect(second.key.equals(first.key)).toBe(true);
    expect(second.keyId).toBe(first.keyId);
  });

  it('generates a different key in a different data dir', () => {
    const a = loadMasterKey({ masterKey: null, dataDir: join(dir, 'a') });
    const b = loadMasterKey({ masterKey: null, dataDir: join(dir, 'b') });
    expect(a.key.equals(b.key)).toBe(false);
  });

  it('refuses a key file readable by others', () => {
    const file = join(dir, 'master.key');
    writeFileSync(file, Buffer.alloc(32, 1));
    chmodSync(file, 0o644);
    expect(() => loadMasterKey({ masterKey: null, dataDir: dir })).toThrow(MasterKeyError);
    expect(() => loadMasterKey({ masterKey: null, dataDir: dir })).toThrow(
      /permissions 0644, wider than 0600/,
    );
    // The unsafe file is left as it was, never replaced.
    expect(readFileSync(file).equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it('accepts a key file narrower than 0600', () => {
    const file = join(dir, 'master.key');
    writeFileSync(file, Buffer.alloc(32, 2));
    chmodSync(file, 0o400);
    expect(loadMasterKey({ masterKey: null, dataDir: dir }).key.equals(Buffer.alloc(32, 2))).toBe(true);
  });

  it.each([0, 31, 33, 64])('refuses a key file of %i bytes', (length) => {
    const file = join(dir, 'master.key');
    writeFileSync(file, Buffer.alloc(length, 3), { mode: 0o600 });
    expect(() => loadMasterKey({ masterKey: null, dataDir: dir })).toThrow(
      new RegExp(`holds ${length} bytes instead of 32`),
    );
  });

  it('refuses a configured key of the wrong length', () => {
    expect(() => loadMasterKey({ masterKey: Buffer.alloc(16), dataDir: dir })).toThrow(MasterKeyError);
  });
});

describe('openSecretBox', () => {
  it('seals with the loaded key, so a restart with the same key file opens old secrets', () => {
    const first = openSecretBox({ masterKey: null, dataDir: dir });
    const envelope = first.secretBox.encrypt('persisted', 'ctx');
    const again = openSecretBox({ masterKey: null, dataDir: dir });
    expect(again.masterKey).toEqual({ source: 'file', keyId: first.secretBox.keyId });
    expect(again.secretBox.decrypt(envelope, 'ctx')).toBe('persisted');
    expect(again.masterKey).not.toHaveProperty('key');
  });

  it('opens secrets sealed under a previous key passed for rotation', () => {
    const oldKey = Buffer.alloc(32, 9);
    const envelope = openSecretBox({ masterKey: oldKey, dataDir: dir }).secretBox.encrypt('old');
    const rotated = openSecretBox({ masterKey: Buffer.alloc(32, 10), dataDir: dir, previousKeys: [oldKey] });
    expect(rotated.secretBox.decrypt(envelope)).toBe('old');
  });
});
