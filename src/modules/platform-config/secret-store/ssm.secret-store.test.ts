import {
  DeleteParameterCommand,
  GetParametersByPathCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  ThrottlingException,
  TooManyUpdates,
  ValidationException,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretStoreError, SecretStoreRetryableError } from './secret-store.port.js';
import { createSsmSecretStore } from './ssm.secret-store.js';

// The SSM adapter at the SDK boundary (aws-sdk-client-mock): exact command inputs, error mapping.
const ssm = mockClient(SSMClient);
const client = new SSMClient({ region: 'eu-west-1' });
const meta = { $metadata: { httpStatusCode: 400, requestId: 'req-1' } };
const ref = { podId: 'pod-eu-1', key: 'stripe.secret_key', mode: 'live' as const };

beforeEach(() => {
  ssm.reset();
});

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('put', () => {
  it('writes a SecureString, overwriting, Standard tier, with the KMS key when configured', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 3, Tier: 'Standard' });
    const store = createSsmSecretStore({ client, kmsKeyId: 'alias/gpubroker' });
    await store.put(ref, 'sk_live_abcd1234');
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: '/gpubroker/pod-eu-1/live/stripe.secret_key',
        Value: 'sk_live_abcd1234',
        Type: 'SecureString',
        Overwrite: true,
        Tier: 'Standard',
        KeyId: 'alias/gpubroker',
      },
    ]);
  });

  it('omits KeyId without a key, honours the prefix, and goes Advanced above 4096 bytes', async () => {
    ssm.on(PutParameterCommand).resolves({});
    const store = createSsmSecretStore({ client, prefix: '/acme/gb' });
    await store.put({ ...ref, mode: 'sandbox', key: 'provider.runpod.api-key' }, 'x'.repeat(4096));
    await store.put(ref, 'é'.repeat(2049)); // 4098 bytes in UTF-8, 2049 characters
    const inputs = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toEqual({
      Name: '/acme/gb/pod-eu-1/sandbox/provider.runpod.api-key',
      Value: 'x'.repeat(4096),
      Type: 'SecureString',
      Overwrite: true,
      Tier: 'Standard',
    });
    expect(inputs[1]).toMatchObject({ Tier: 'Advanced' });
    expect(inputs[1]).not.toHaveProperty('KeyId');
  });

  it('refuses a value over 8 KB without calling AWS', async () => {
    const store = createSsmSecretStore({ client });
    const err = await caught(store.put(ref, 'v'.repeat(8193)));
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err).not.toBeInstanceOf(SecretStoreRetryableError);
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('encodes a key with characters SSM names do not allow, and lists it back decoded', async () => {
    ssm.on(PutParameterCommand).resolves({});
    const store = createSsmSecretStore({ client });
    await store.put({ ...ref, key: 'odd key/ü' }, 'v');
    const name = ssm.commandCalls(PutParameterCommand)[0]!.args[0].input.Name!;
    expect(name).toMatch(/^\/gpubroker\/pod-eu-1\/live\/_[A-Za-z0-9_-]+$/);
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: name, Value: 'v' }] });
    expect(await store.list('pod-eu-1')).toEqual([{ key: 'odd key/ü', mode: 'live', value: 'v' }]);
  });

  it('maps throttling (and concurrent updates) to the retryable error, with context', async () => {
    const store = createSsmSecretStore({ client });
    ssm
      .on(PutParameterCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', ...meta }));
    const err = await caught(store.put(ref, 'sk_live_abcd1234'));
    expect(err).toBeInstanceOf(SecretStoreRetryableError);
    expect(err).toMatchObject({
      reason: 'throttled',
      store: 'ssm',
      operation: 'put',
      target: '/gpubroker/pod-eu-1/live/stripe.secret_key',
      awsCode: 'ThrottlingException',
      requestId: 'req-1',
    });
    expect((err as Error).message).toContain('/gpubroker/pod-eu-1/live/stripe.secret_key');

    ssm.on(PutParameterCommand).rejects(new TooManyUpdates({ message: 'busy', ...meta }));
    expect(await caught(store.put(ref, 'v'))).toMatchObject({
      reason: 'throttled',
      awsCode: 'TooManyUpdates',
    });
  });

  it('rethrows other AWS errors as non-retryable SecretStoreError', async () => {
    const store = createSsmSecretStore({ client });
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:PutParameter'), {
      name: 'AccessDeniedException',
      $fault: 'client',
      ...meta,
    });
    ssm.on(PutParameterCommand).rejects(denied);
    const err = await caught(store.put(ref, 'sk_live_abcd1234'));
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err).not.toBeInstanceOf(SecretStoreRetryableError);
    expect(err).toMatchObject({ awsCode: 'AccessDeniedException', httpStatusCode: 400 });
    expect((err as Error).message).toContain('not authorized to perform: ssm:PutParameter');
  });

  it('never puts the clear value in the thrown error, even when AWS quotes it', async () => {
    const secret = 'sk_live_CANARY_9f8e7d6c';
    const store = createSsmSecretStore({ client });
    ssm.on(PutParameterCommand).rejects(
      new ValidationException({
        message: `1 validation error: Value '${secret}' at 'value' failed`,
        ...meta,
      }),
    );
    const err = (await caught(store.put(ref, secret))) as SecretStoreError;
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err.awsCode).toBe('ValidationException');
    const seen = [err.message, err.stack, JSON.stringify(err), String(err), String(err.cause)].join('\n');
    expect(seen).not.toContain(secret);
    expect(err.message).toContain('withheld');

    // A non-AWS failure quoting the value is not attached as cause either.
    ssm.on(PutParameterCommand).rejects(new TypeError(`cannot serialize ${secret}`));
    const err2 = (await caught(store.put(ref, secret))) as SecretStoreError;
    expect([err2.message, err2.stack, String(err2.cause)].join('\n')).not.toContain(secret);
    expect(err2.cause).toBeUndefined();
  });
});

describe('delete', () => {
  it('deletes the parameter by name', async () => {
    ssm.on(DeleteParameterCommand).resolves({});
    await createSsmSecretStore({ client }).delete(ref);
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: '/gpubroker/pod-eu-1/live/stripe.secret_key' },
    ]);
  });

  it('is fine when the parameter is absent (ParameterNotFound)', async () => {
    ssm.on(DeleteParameterCommand).rejects(new ParameterNotFound({ message: 'nope', ...meta }));
    await expect(createSsmSecretStore({ client }).delete(ref)).resolves.toBeUndefined();
  });

  it('maps throttling to retryable and rethrows others', async () => {
    const store = createSsmSecretStore({ client });
    ssm
      .on(DeleteParameterCommand)
      .rejects(new ThrottlingException({ message: 'slow', Message: 'slow', ...meta }));
    expect(await caught(store.delete(ref))).toBeInstanceOf(SecretStoreRetryableError);
    const server = Object.assign(new Error('internal'), {
      name: 'InternalServerError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    ssm.on(DeleteParameterCommand).rejects(server);
    expect(await caught(store.delete(ref))).toMatchObject({ reason: 'unavailable', operation: 'delete' });
    ssm.on(DeleteParameterCommand).rejects(new ValidationException({ message: 'bad', ...meta }));
    const err = await caught(store.delete(ref));
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err).not.toBeInstanceOf(SecretStoreRetryableError);
  });
});

describe('list', () => {
  it('reads the POD path recursively with decryption over every page and decodes names', async () => {
    ssm
      .on(GetParametersByPathCommand)
      .resolvesOnce({
        Parameters: [
          { Name: '/gpubroker/pod-eu-1/live/stripe.secret_key', Value: 'sk_live_1', Type: 'SecureString' },
          { Name: '/gpubroker/pod-eu-1/sandbox/stripe.secret_key', Value: 'sk_test_1', Type: 'SecureString' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        Parameters: [
          { Name: '/gpubroker/pod-eu-1/sandbox/mail.smtp-password', Value: 'pw', Type: 'SecureString' },
          // Not of our layout: ignored.
          { Name: '/gpubroker/pod-eu-1/staging/x', Value: 'nope', Type: 'SecureString' },
          { Name: '/gpubroker/pod-eu-1/live/a/b', Value: 'nope', Type: 'SecureString' },
        ],
      });
    const listed = await createSsmSecretStore({ client }).list('pod-eu-1');
    expect(ssm.commandCalls(GetParametersByPathCommand).map((c) => c.args[0].input)).toEqual([
      { Path: '/gpubroker/pod-eu-1', Recursive: true, WithDecryption: true, MaxResults: 10 },
      {
        Path: '/gpubroker/pod-eu-1',
        Recursive: true,
        WithDecryption: true,
        MaxResults: 10,
        NextToken: 'page-2',
      },
    ]);
    expect(listed).toEqual([
      { key: 'mail.smtp-password', mode: 'sandbox', value: 'pw' },
      { key: 'stripe.secret_key', mode: 'live', value: 'sk_live_1' },
      { key: 'stripe.secret_key', mode: 'sandbox', value: 'sk_test_1' },
    ]);
  });

  it('is empty for a POD with nothing stored, and maps throttling', async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    const store = createSsmSecretStore({ client });
    expect(await store.list('pod-eu-1')).toEqual([]);
    ssm
      .on(GetParametersByPathCommand)
      .rejects(new ThrottlingException({ message: 'slow', Message: 'slow', ...meta }));
    expect(await caught(store.list('pod-eu-1'))).toMatchObject({
      reason: 'throttled',
      operation: 'list',
      target: '/gpubroker/pod-eu-1',
    });
  });
});

describe('options', () => {
  it('rejects prefixes SSM cannot hold', () => {
    for (const prefix of ['gpubroker', '/gpubroker/', '/aws/x', '/SSM', '/a b']) {
      expect(() => createSsmSecretStore({ client, prefix })).toThrow(/invalid SSM parameter prefix/);
    }
  });
});
