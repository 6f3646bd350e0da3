import type { MasterKey, SecretBox } from './crypto.port.js';
import { loadMasterKey } from './master-key.js';
import { createSecretBox } from './secret-box.js';

export type { MasterKey, SecretBox, SecretDecryptReason } from './crypto.port.js';
export { MasterKeyError, SecretDecryptError } from './crypto.port.js';
export { loadMasterKey, MASTER_KEY_FILE } from './master-key.js';
export { createSecretBox, masterKeyId, type SecretBoxKeys } from './secret-box.js';

/**
 * Boot-time factory: loads the master key (configured `masterKey`, else the key file in
 * `dataDir`, created on first start) and returns the SecretBox sealing with it. `previousKeys`
 * are retired master keys still accepted for decryption during a rotation. Throws
 * `MasterKeyError` when the key file is unsafe or damaged; the process should not start then.
 */
export function openSecretBox(cfg: { masterKey: Buffer | null; dataDir: string; previousKeys?: Buffer[] }): {
  secretBox: SecretBox;
  masterKey: Omit<MasterKey, 'key'>;
} {
  const master = loadMasterKey(cfg);
  const secretBox = createSecretBox({ current: master.key, previous: cfg.previousKeys ?? [] });
  // The key itself stays inside the box; callers get only what they may log.
  return { secretBox, masterKey: { source: master.source, keyId: master.keyId } };
}
