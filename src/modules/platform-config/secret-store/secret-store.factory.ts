import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { SecretStore } from './secret-store.port.js';
import { createSecretsManagerSecretStore } from './secrets-manager.secret-store.js';
import { createSsmSecretStore } from './ssm.secret-store.js';

/** From env `SECRET_STORE` (+ `AWS_REGION`, `SECRET_STORE_KMS_KEY_ID`); null when unset. */
export interface SecretStoreConfig {
  kind: SecretStore['kind'];
  region: string;
  kmsKeyId?: string | undefined;
  /** Overrides the default name prefix (`/gpubroker` for SSM, `gpubroker` for Secrets Manager). */
  prefix?: string | undefined;
}

/**
 * The secret store chosen by config, or null when secrets are not mirrored (embedded/dev, or a
 * deployment without `SECRET_STORE`). Credentials come from the SDK's default provider chain
 * (instance/task role, env, profile).
 */
export function createSecretStore(config: SecretStoreConfig | null): SecretStore | null {
  if (!config) return null;
  const { kind, region, kmsKeyId, prefix } = config;
  switch (kind) {
    case 'ssm':
      return createSsmSecretStore({
        client: new SSMClient({ region }),
        kmsKeyId,
        ...(prefix ? { prefix } : {}),
      });
    case 'secrets-manager':
      return createSecretsManagerSecretStore({
        client: new SecretsManagerClient({ region }),
        kmsKeyId,
        ...(prefix ? { prefix } : {}),
      });
  }
}
