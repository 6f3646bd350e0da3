import {
  DeleteParameterCommand,
  GetParametersByPathCommand,
  type Parameter,
  ParameterTier,
  ParameterType,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorName, storeError } from './aws-errors.js';
import { assertPrefix, bySecretOrder, parseSecretName, podPath, secretName } from './secret-names.js';
import { type SecretStore, SecretStoreError, type StoredSecret } from './secret-store.port.js';

export interface SsmSecretStoreOptions {
  /** The SDK client of the POD's region (tests pass one mocked with aws-sdk-client-mock). */
  client: SSMClient;
  /** Hierarchy root of every name; default `/gpubroker`. */
  prefix?: string;
  /** KMS key (id, ARN or alias) of the SecureStrings; default the account's `alias/aws/ssm`. */
  kmsKeyId?: string | undefined;
}

/** Standard parameters hold up to 4 KB, advanced ones up to 8 KB (UTF-8 bytes of the value). */
export const SSM_STANDARD_MAX_BYTES = 4096;
export const SSM_ADVANCED_MAX_BYTES = 8192;

// Starts with `/`, no trailing `/`, SSM's characters, and not under the reserved `aws`/`ssm` roots.
const SSM_PREFIX = /^(?!\/(aws|ssm))\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/i;

/**
 * The `SecretStore` on SSM Parameter Store: one SecureString per (POD, mode, key) named
 * `<prefix>/<pod_id>/<mode>/<key>`, encrypted with `kmsKeyId` (or the AWS-managed key).
 */
export function createSsmSecretStore(opts: SsmSecretStoreOptions): SecretStore {
  const { client, kmsKeyId } = opts;
  const prefix = opts.prefix ?? '/gpubroker';
  assertPrefix(prefix, SSM_PREFIX, 'SSM parameter');

  return {
    kind: 'ssm',

    async put(ref, value) {
      const name = secretName(prefix, ref);
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes > SSM_ADVANCED_MAX_BYTES) {
        throw new SecretStoreError(
          `ssm put ${name} failed: the value is ${bytes} bytes, more than SSM's ${SSM_ADVANCED_MAX_BYTES}`,
          { store: 'ssm', operation: 'put', target: name },
        );
      }
      try {
        await client.send(
          new PutParameterCommand({
            Name: name,
            Value: value,
            Type: ParameterType.SECURE_STRING,
            Overwrite: true,
            Tier: bytes > SSM_STANDARD_MAX_BYTES ? ParameterTier.ADVANCED : ParameterTier.STANDARD,
            ...(kmsKeyId ? { KeyId: kmsKeyId } : {}),
          }),
        );
      } catch (err) {
        throw storeError(err, { store: 'ssm', operation: 'put', target: name, value });
      }
    },

    async delete(ref) {
      const name = secretName(prefix, ref);
      try {
        await client.send(new DeleteParameterCommand({ Name: name }));
      } catch (err) {
        if (awsErrorName(err) === 'ParameterNotFound') return;
        throw storeError(err, { store: 'ssm', operation: 'delete', target: name });
      }
    },

    async list(podId) {
      const path = podPath(prefix, podId);
      const out: StoredSecret[] = [];
      let nextToken: string | undefined;
      do {
        let page: { Parameters?: Parameter[]; NextToken?: string };
        try {
          page = await client.send(
            new GetParametersByPathCommand({
              Path: path,
              Recursive: true,
              WithDecryption: true,
              MaxResults: 10,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          );
        } catch (err) {
          throw storeError(err, { store: 'ssm', operation: 'list', target: path });
        }
        for (const p of page.Parameters ?? []) {
          const parsed = p.Name ? parseSecretName(prefix, podId, p.Name) : null;
          // Names of another layout under the POD's path are not ours: leave them alone.
          if (parsed && p.Value !== undefined) out.push({ ...parsed, value: p.Value });
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);
      return out.sort(bySecretOrder);
    },
  };
}
