export { createSecretStore, type SecretStoreConfig } from './secret-store.factory.js';
export type { SecretMode, SecretRef, SecretStore, StoredSecret } from './secret-store.port.js';
export { SecretStoreError, SecretStoreRetryableError } from './secret-store.port.js';
export {
  createSecretSyncHandler,
  SECRET_SYNC_QUEUE,
  type SecretSyncDeps,
  type SecretSyncJobData,
  secretSyncSendOptions,
} from './secret-sync.job.js';
export {
  createSecretsManagerSecretStore,
  type SecretsManagerSecretStoreOptions,
} from './secrets-manager.secret-store.js';
export { createSsmSecretStore, type SsmSecretStoreOptions } from './ssm.secret-store.js';
