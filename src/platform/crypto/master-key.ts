import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { type MasterKey, MasterKeyError } from './crypto.port.js';
import { masterKeyId } from './secret-box.js';

const KEY_BYTES = 32;
export const MASTER_KEY_FILE = 'master.key';

/**
 * The master key: `masterKey` from the configuration (GPUBROKER_MASTER_KEY) when set, else the
 * 32 raw bytes of `<dataDir>/master.key`, generated on first start with mode 0600. An existing
 * key file readable by group or others, or not exactly 32 bytes, is refused (MasterKeyError)
 * rather than silently replaced: replacing it would make every stored secret unreadable.
 * Synchronous because it runs once at boot, before anything else can use the key.
 */
export function loadMasterKey({
  masterKey,
  dataDir,
}: {
  masterKey: Buffer | null | undefined;
  dataDir: string;
}): MasterKey {
  if (masterKey) {
    if (masterKey.length !== KEY_BYTES) {
      throw new MasterKeyError(`GPUBROKER_MASTER_KEY must be ${KEY_BYTES} bytes, got ${masterKey.length}`);
    }
    return { key: Buffer.from(masterKey), source: 'env', keyId: masterKeyId(masterKey) };
  }
  const path = join(dataDir, MASTER_KEY_FILE);
  // Checking first keeps a read-only data dir usable once the key exists.
  const key = existsSync(path) ? readKeyFile(path) : (createKeyFile(dataDir, path) ?? readKeyFile(path));
  return { key, source: 'file', keyId: masterKeyId(key) };
}

/**
 * Writes a new key to a private temporary file, then hard-links it into place. `link` fails
 * with EEXIST instead of replacing, and the linked file is already complete, so two processes
 * starting at once agree on one key and neither ever reads a half-written file (which a plain
 * `open(path, 'wx')` followed by `write` would allow). Returns null when the file already exists.
 */
function createKeyFile(dataDir: string, path: string): Buffer | null {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const key = randomBytes(KEY_BYTES);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new MasterKeyError(`cannot create the master key file ${path}: ${(err as Error).message}`);
  } finally {
    unlinkSync(tmp);
  }
}

function readKeyFile(path: string): Buffer {
  const stat = statSync(path);
  if (!stat.isFile()) throw new MasterKeyError(`the master key file ${path} is not a regular file`);
  const mode = stat.mode & 0o777;
  if ((mode & ~0o600) !== 0) {
    throw new MasterKeyError(
      `the master key file ${path} has permissions ${mode.toString(8).padStart(4, '0')}, wider than 0600; ` +
        `run: chmod 600 ${path}`,
    );
  }
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) {
    throw new MasterKeyError(
      `the master key file ${path} holds ${key.length} bytes instead of ${KEY_BYTES}; restore the original file ` +
        'or set GPUBROKER_MASTER_KEY (secrets sealed with another key cannot be decrypted)',
    );
  }
  return key;
}
