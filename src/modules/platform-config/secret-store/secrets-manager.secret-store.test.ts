import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  InvalidRequestException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretStoreError, SecretStoreRetryableError } from './secret-store.port.js';
import { createSecretsManagerSecretStore } from './secrets-manager.secret-store.js';

// The Secrets Manager adapter at the SDK boundary (aws-sdk-client-mock).
const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1' });
const meta = { $metadata: { httpStatusCode: 400, requestId: 'req-9' } };
const ref = { podId: 'pod-eu-1', key: 'stripe.secret_key', mode: 'live' as const };
const ID = 'gpubroker/pod-eu-1/live/stripe.secret_key';
const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', ...meta });

beforeEach(() => {
  sm.reset();
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
  it('puts a new version of an existing secret, nothing else', async () => {
    sm.on(PutSecretValueCommand).resolves({ Name: ID });
    await createSecretsManagerSecretStore({ client, kmsKeyId: 'alias/gb' }).put(ref, 'sk_live_1');
    expect(sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: ID, SecretString: 'sk_live_1' },
    ]);
    expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });

  it('creates the secret with the value (and KMS key) when it does not exist', async () => {
    sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    sm.on(CreateSecretCommand).resolves({ Name: ID });
    await createSecretsManagerSecretStore({ client, kmsKeyId: 'alias/gb', prefix: 'acme/gb' }).put(
      { ...ref, mode: 'sandbox' },
      'sk_test_1',
    );
    expect(sm.commandCalls(CreateSecretCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: 'acme/gb/pod-eu-1/sandbox/stripe.secret_key',
        SecretString: 'sk_test_1',
        Description: 'GPUBROKER secret parameter stripe.secret_key (sandbox)',
        KmsKeyId: 'alias/gb',
      },
    ]);
  });

  it('omits KmsKeyId on create without a configured key', async () => {
    sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    sm.on(CreateSecretCommand).resolves({});
    await createSecretsManagerSecretStore({ client }).put(ref, 'v');
    expect(sm.commandCalls(CreateSecretCommand)[0]!.args[0].input).not.toHaveProperty('KmsKeyId');
  });

  it('writes over a secret another instance created in between (CreateSecret → ResourceExists)', async () => {
    sm.on(PutSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'not found', ...meta }))
      .resolves({});
    sm.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: 'exists', ...meta }));
    await createSecretsManagerSecretStore({ client }).put(ref, 'mine');
    expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(1);
    expect(sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: ID, SecretString: 'mine' },
      { SecretId: ID, SecretString: 'mine' },
    ]);
  });

  it('restores a secret scheduled for deletion, then puts the value', async () => {
    sm.on(PutSecretValueCommand)
      .rejectsOnce(new InvalidRequestException({ message: 'marked for deletion', ...meta }))
      .resolves({});
    sm.on(DescribeSecretCommand).resolves({ Name: ID, DeletedDate: new Date('2026-11-27T00:00:00Z') });
    sm.on(RestoreSecretCommand).resolves({ Name: ID });
    await createSecretsManagerSecretStore({ client }).put(ref, 'again');
    expect(sm.commandCalls(RestoreSecretCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: ID }]);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(2);
  });

  it('rethrows InvalidRequest when the secret is not scheduled for deletion', async () => {
    sm.on(PutSecretValueCommand).rejects(new InvalidRequestException({ message: 'other reason', ...meta }));
    sm.on(DescribeSecretCommand).resolves({ Name: ID });
    const err = await caught(createSecretsManagerSecretStore({ client }).put(ref, 'v'));
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err).toMatchObject({ awsCode: 'InvalidRequestException', operation: 'put', target: ID });
    expect(sm.commandCalls(RestoreSecretCommand)).toHaveLength(0);
  });

  it('maps throttling to the retryable error, also from the create path', async () => {
    sm.on(PutSecretValueCommand).rejects(throttled());
    const store = createSecretsManagerSecretStore({ client });
    expect(await caught(store.put(ref, 'v'))).toMatchObject({
      reason: 'throttled',
      store: 'secrets-manager',
      awsCode: 'ThrottlingException',
      requestId: 'req-9',
    });
    sm.reset();
    sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nf', ...meta }));
    sm.on(CreateSecretCommand).rejects(throttled());
    expect(await caught(store.put(ref, 'v'))).toBeInstanceOf(SecretStoreRetryableError);
  });

  it('never puts the clear value in the thrown error', async () => {
    const secret = 'sk_live_CANARY_5a4b3c2d';
    sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nf', ...meta }));
    sm.on(CreateSecretCommand).rejects(
      Object.assign(new Error(`Value ${secret} at 'secretString' failed to satisfy constraint`), {
        name: 'ValidationException',
        $fault: 'client',
        ...meta,
      }),
    );
    const err = (await caught(
      createSecretsManagerSecretStore({ client }).put(ref, secret),
    )) as SecretStoreError;
    expect(err).toBeInstanceOf(SecretStoreError);
    expect(err.awsCode).toBe('ValidationException');
    const seen = [err.message, err.stack, JSON.stringify(err), String(err), String(err.cause)].join('\n');
    expect(seen).not.toContain(secret);
    expect(err.message).toContain(ID);
  });
});

describe('delete', () => {
  it('schedules deletion with a 7-day recovery window', async () => {
    sm.on(DeleteSecretCommand).resolves({});
    await createSecretsManagerSecretStore({ client }).delete(ref);
    expect(sm.commandCalls(DeleteSecretCommand).map((c) => c.args[0].input)).toEqual([
      { SecretId: ID, RecoveryWindowInDays: 7 },
    ]);
  });

  it('is fine when absent or already scheduled for deletion', async () => {
    const store = createSecretsManagerSecretStore({ client });
    sm.on(DeleteSecretCommand).rejects(new ResourceNotFoundException({ message: 'nf', ...meta }));
    await expect(store.delete(ref)).resolves.toBeUndefined();
    sm.on(DeleteSecretCommand).rejects(new InvalidRequestException({ message: 'already', ...meta }));
    sm.on(DescribeSecretCommand).resolves({ DeletedDate: new Date() });
    await expect(store.delete(ref)).resolves.toBeUndefined();
  });

  it('maps throttling to retryable and rethrows others with context', async () => {
    const store = createSecretsManagerSecretStore({ client });
    sm.on(DeleteSecretCommand).rejects(throttled());
    expect(await caught(store.delete(ref))).toBeInstanceOf(SecretStoreRetryableError);
    sm.on(DeleteSecretCommand).rejects(new InvalidRequestException({ message: 'nope', ...meta }));
    sm.on(DescribeSecretCommand).resolves({});
    const err = await caught(store.delete(ref));
    expect(err).not.toBeInstanceOf(SecretStoreRetryableError);
    expect(err).toMatchObject({ operation: 'delete', target: ID, awsCode: 'InvalidRequestException' });
  });
});

describe('list', () => {
  it('lists by name prefix over every page, reads the values in batches and decodes names', async () => {
    const live = 'gpubroker/pod-eu-1/live/stripe.secret_key';
    const sandbox = 'gpubroker/pod-eu-1/sandbox/mail.smtp-password';
    sm.on(ListSecretsCommand)
      .resolvesOnce({
        SecretList: [
          { Name: live, ARN: arn(live) },
          // The name filter ignores case: a differently cased name is not ours.
          { Name: 'GPUBROKER/pod-eu-1/live/x', ARN: arn('GPUBROKER/pod-eu-1/live/x') },
        ],
        NextToken: 'p2',
      })
      .resolvesOnce({ SecretList: [{ Name: sandbox, ARN: arn(sandbox) }] });
    sm.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [
        { ARN: arn(sandbox), Name: sandbox, SecretString: 'pw' },
        { ARN: arn(live), Name: live, SecretString: 'sk_live_1' },
      ],
      Errors: [],
    });
    const listed = await createSecretsManagerSecretStore({ client }).list('pod-eu-1');
    expect(sm.commandCalls(ListSecretsCommand).map((c) => c.args[0].input)).toEqual([
      { Filters: [{ Key: 'name', Values: ['gpubroker/pod-eu-1/'] }], MaxResults: 100 },
      { Filters: [{ Key: 'name', Values: ['gpubroker/pod-eu-1/'] }], MaxResults: 100, NextToken: 'p2' },
    ]);
    expect(sm.commandCalls(BatchGetSecretValueCommand).map((c) => c.args[0].input)).toEqual([
      { SecretIdList: [arn(live), arn(sandbox)] },
    ]);
    expect(listed).toEqual([
      { key: 'mail.smtp-password', mode: 'sandbox', value: 'pw' },
      { key: 'stripe.secret_key', mode: 'live', value: 'sk_live_1' },
    ]);
  });

  it('reads at most 20 secrets per BatchGetSecretValue call', async () => {
    const names = Array.from(
      { length: 21 },
      (_, i) => `gpubroker/pod-eu-1/live/k${String(i).padStart(2, '0')}`,
    );
    sm.on(ListSecretsCommand).resolves({ SecretList: names.map((n) => ({ Name: n, ARN: arn(n) })) });
    sm.on(BatchGetSecretValueCommand).callsFake((input: { SecretIdList: string[] }) => ({
      SecretValues: input.SecretIdList.map((a) => ({ ARN: a, SecretString: `v:${a.split('/').pop()}` })),
    }));
    const listed = await createSecretsManagerSecretStore({ client }).list('pod-eu-1');
    expect(
      sm.commandCalls(BatchGetSecretValueCommand).map((c) => c.args[0].input.SecretIdList?.length),
    ).toEqual([20, 1]);
    expect(listed).toHaveLength(21);
    expect(listed[20]).toEqual({ key: 'k20', mode: 'live', value: 'v:k20-AbCdEf' });
  });

  it('skips a secret deleted between listing and reading; fails on other read errors', async () => {
    const a = 'gpubroker/pod-eu-1/live/a';
    const b = 'gpubroker/pod-eu-1/live/b';
    sm.on(ListSecretsCommand).resolves({ SecretList: [a, b].map((n) => ({ Name: n, ARN: arn(n) })) });
    sm.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [{ ARN: arn(a), SecretString: 'va' }],
      Errors: [{ SecretId: arn(b), ErrorCode: 'ResourceNotFoundException', Message: 'gone' }],
    });
    const store = createSecretsManagerSecretStore({ client });
    expect(await store.list('pod-eu-1')).toEqual([{ key: 'a', mode: 'live', value: 'va' }]);

    sm.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [{ ARN: arn(a), SecretString: 'va' }],
      Errors: [{ SecretId: arn(b), ErrorCode: 'DecryptionFailure', Message: 'kms says no' }],
    });
    expect(await caught(store.list('pod-eu-1'))).toMatchObject({
      operation: 'list',
      awsCode: 'DecryptionFailure',
      target: arn(b),
    });
  });

  it('maps throttling of the listing to retryable', async () => {
    sm.on(ListSecretsCommand).rejects(throttled());
    expect(await caught(createSecretsManagerSecretStore({ client }).list('pod-eu-1'))).toBeInstanceOf(
      SecretStoreRetryableError,
    );
  });
});
