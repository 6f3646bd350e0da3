import {
  BatchGetSecretValueCommand,
  type BatchGetSecretValueCommandOutput,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  ListSecretsCommand,
  type ListSecretsCommandOutput,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { awsErrorName, storeError } from './aws-errors.js';
import { assertPrefix, bySecretOrder, parseSecretName, podPath, secretName } from './secret-names.js';
import type { SecretMode, SecretStore, StoredSecret } from './secret-store.port.js';

export interface SecretsManagerSecretStoreOptions {
  /** The SDK client of the POD's region (tests pass one mocked with aws-sdk-client-mock). */
  client: SecretsManagerClient;
  /** First segment of every secret name; default `gpubroker`. */
  prefix?: string;
  /** KMS key of secrets this store creates; default the account's `aws/secretsmanager` key. */
  kmsKeyId?: string | undefined;
}

/** Days a deleted secret can still be restored (and blocks its name). */
export const RECOVERY_WINDOW_DAYS = 7;
/** BatchGetSecretValue takes at most 20 ids per call. */
const BATCH_SIZE = 20;

const SM_PREFIX = /^[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*$/;

/**
 * The `SecretStore` on AWS Secrets Manager: one secret per (POD, mode, key) named
 * `<prefix>/<pod_id>/<mode>/<key>`, its SecretString the clear value.
 */
export function createSecretsManagerSecretStore(opts: SecretsManagerSecretStoreOptions): SecretStore {
  const { client, kmsKeyId } = opts;
  const prefix = opts.prefix ?? 'gpubroker';
  assertPrefix(prefix, SM_PREFIX, 'Secrets Manager');

  const putValue = (id: string, value: string) =>
    client.send(new PutSecretValueCommand({ SecretId: id, SecretString: value }));

  /** True when the secret exists but is scheduled for deletion (then most calls answer InvalidRequest). */
  async function scheduledForDeletion(id: string): Promise<boolean> {
    try {
      const d = await client.send(new DescribeSecretCommand({ SecretId: id }));
      return d.DeletedDate !== undefined;
    } catch {
      return false;
    }
  }

  async function create(id: string, ref: { key: string; mode: SecretMode }, value: string) {
    try {
      await client.send(
        new CreateSecretCommand({
          Name: id,
          SecretString: value,
          Description: `GPUBROKER secret parameter ${ref.key} (${ref.mode})`,
          ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}),
        }),
      );
    } catch (err) {
      // Another instance created it between our PutSecretValue and CreateSecret: write over it.
      if (awsErrorName(err) !== 'ResourceExistsException') throw err;
      await putValue(id, value);
    }
  }

  return {
    kind: 'secrets-manager',

    async put(ref, value) {
      const id = secretName(prefix, ref);
      try {
        try {
          await putValue(id, value);
        } catch (err) {
          const code = awsErrorName(err);
          if (code === 'ResourceNotFoundException') return await create(id, ref, value);
          // Deleted within the recovery window: the name is still taken, so bring it back first.
          if (code === 'InvalidRequestException' && (await scheduledForDeletion(id))) {
            await client.send(new RestoreSecretCommand({ SecretId: id }));
            return void (await putValue(id, value));
          }
          throw err;
        }
      } catch (err) {
        throw storeError(err, { store: 'secrets-manager', operation: 'put', target: id, value });
      }
    },

    async delete(ref) {
      const id = secretName(prefix, ref);
      try {
        await client.send(
          new DeleteSecretCommand({ SecretId: id, RecoveryWindowInDays: RECOVERY_WINDOW_DAYS }),
        );
      } catch (err) {
        const code = awsErrorName(err);
        if (code === 'ResourceNotFoundException') return;
        if (code === 'InvalidRequestException' && (await scheduledForDeletion(id))) return;
        throw storeError(err, { store: 'secrets-manager', operation: 'delete', target: id });
      }
    },

    async list(podId) {
      const base = `${podPath(prefix, podId)}/`;
      const found = new Map<string, { key: string; mode: SecretMode }>(); // by ARN
      let nextToken: string | undefined;
      do {
        let page: ListSecretsCommandOutput;
        try {
          page = await client.send(
            new ListSecretsCommand({
              // The name filter is a case-insensitive prefix match: parseSecretName re-checks exactly.
              Filters: [{ Key: 'name', Values: [base] }],
              MaxResults: 100,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          );
        } catch (err) {
          throw storeError(err, { store: 'secrets-manager', operation: 'list', target: base });
        }
        for (const s of page.SecretList ?? []) {
          const parsed = s.Name ? parseSecretName(prefix, podId, s.Name) : null;
          if (parsed && s.ARN && s.DeletedDate === undefined) found.set(s.ARN, parsed);
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);

      const arns = [...found.keys()];
      const out: StoredSecret[] = [];
      for (let i = 0; i < arns.length; i += BATCH_SIZE) {
        let res: BatchGetSecretValueCommandOutput;
        try {
          res = await client.send(
            new BatchGetSecretValueCommand({ SecretIdList: arns.slice(i, i + BATCH_SIZE) }),
          );
        } catch (err) {
          throw storeError(err, { store: 'secrets-manager', operation: 'list', target: base });
        }
        for (const e of res.Errors ?? []) {
          // Deleted between the listing and the read: no longer stored.
          if (e.ErrorCode === 'ResourceNotFoundException') continue;
          const failure = Object.assign(new Error(e.Message ?? 'read failed'), {
            name: e.ErrorCode ?? 'Error',
            $metadata: {},
          });
          throw storeError(failure, {
            store: 'secrets-manager',
            operation: 'list',
            target: e.SecretId ?? base,
          });
        }
        for (const v of res.SecretValues ?? []) {
          const ref = v.ARN ? found.get(v.ARN) : undefined;
          const value =
            v.SecretString ?? (v.SecretBinary ? Buffer.from(v.SecretBinary).toString('utf8') : undefined);
          if (ref && value !== undefined) out.push({ ...ref, value });
        }
      }
      return out.sort(bySecretOrder);
    },
  };
}
