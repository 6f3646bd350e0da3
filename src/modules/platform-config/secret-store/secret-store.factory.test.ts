import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretStore } from './secret-store.factory.js';

// Class-level mocks: they also cover the clients the factory builds itself.
const ssm = mockClient(SSMClient);
const sm = mockClient(SecretsManagerClient);
afterAll(() => {
  ssm.restore();
  sm.restore();
});

describe('createSecretStore', () => {
  it('is null when no store is configured', () => {
    expect(createSecretStore(null)).toBeNull();
  });

  it('builds the SSM store on a client of the region, with the KMS key', async () => {
    ssm.on(PutParameterCommand).resolves({});
    const store = createSecretStore({ kind: 'ssm', region: 'eu-central-1', kmsKeyId: 'alias/gb' });
    expect(store?.kind).toBe('ssm');
    await store!.put({ podId: 'p1', key: 'k', mode: 'live' }, 'v');
    const call = ssm.commandCalls(PutParameterCommand)[0]!;
    expect(call.args[0].input).toMatchObject({ Name: '/gpubroker/p1/live/k', KeyId: 'alias/gb' });
    expect(await (call.thisValue as SSMClient).config.region()).toBe('eu-central-1');
  });

  it('builds the Secrets Manager store with its default prefix, or a configured one', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });
    ssm.on(GetParametersByPathCommand).resolves({});
    const store = createSecretStore({ kind: 'secrets-manager', region: 'us-east-2' });
    expect(store?.kind).toBe('secrets-manager');
    await store!.list('p1');
    const call = sm.commandCalls(ListSecretsCommand)[0]!;
    expect(call.args[0].input.Filters).toEqual([{ Key: 'name', Values: ['gpubroker/p1/'] }]);
    expect(await (call.thisValue as SecretsManagerClient).config.region()).toBe('us-east-2');

    await createSecretStore({ kind: 'ssm', region: 'us-east-2', prefix: '/acme' })!.list('p1');
    expect(ssm.commandCalls(GetParametersByPathCommand)[0]!.args[0].input.Path).toBe('/acme/p1');
  });
});
