import { Writable } from 'node:stream';
import {
  DeleteParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  ThrottlingException,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/observability/logger.js';
import { SecretStoreRetryableError } from './secret-store.port.js';
import {
  createSecretSyncHandler,
  SECRET_SYNC_QUEUE,
  type SecretSyncJobData,
  secretSyncSendOptions,
} from './secret-sync.job.js';
import { createSsmSecretStore } from './ssm.secret-store.js';

// The sync handler over the SSM adapter, mocked at the SDK boundary; the "database" is a map.
const ssm = mockClient(SSMClient);
const store = createSsmSecretStore({ client: new SSMClient({ region: 'eu-west-1' }), kmsKeyId: 'alias/gb' });
const SECRET = 'sk_live_CANARY_0a1b2c3d';

let logs = '';
let db: Map<string, string>;
const reads: string[] = [];
const handler = createSecretSyncHandler({
  store,
  async readSecret(podId, key, mode) {
    reads.push(`${podId}/${mode}/${key}`);
    return db.get(`${podId}/${mode}/${key}`) ?? null;
  },
  logger: createLogger(
    { level: 'trace' },
    new Writable({
      write(chunk, _enc, cb) {
        logs += String(chunk);
        cb();
      },
    }),
  ),
});
const job = (data: SecretSyncJobData) => ({ id: 'job-1', name: SECRET_SYNC_QUEUE, data });

beforeEach(() => {
  ssm.reset();
  logs = '';
  reads.length = 0;
  db = new Map();
});

describe('secret sync handler', () => {
  it('puts the value committed now (not one from when the job was queued)', async () => {
    ssm.on(PutParameterCommand).resolves({});
    db.set('pod-eu-1/live/stripe.secret_key', 'sk_live_old');
    const data = { pod_id: 'pod-eu-1', key: 'stripe.secret_key', mode: 'live' } as const;
    // The admin edits again before the job runs: the job carries no value, it reads the latest.
    db.set('pod-eu-1/live/stripe.secret_key', SECRET);
    await handler(job(data));
    expect(reads).toEqual(['pod-eu-1/live/stripe.secret_key']);
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: '/gpubroker/pod-eu-1/live/stripe.secret_key',
        Value: SECRET,
        Type: 'SecureString',
        Overwrite: true,
        Tier: 'Standard',
        KeyId: 'alias/gb',
      },
    ]);
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(0);
    expect(logs).toContain('"action":"put"');
    expect(logs).not.toContain(SECRET);
  });

  it('deletes when the parameter is unset or deleted (null) or empty, and absent is fine', async () => {
    ssm
      .on(DeleteParameterCommand)
      .rejectsOnce(new ParameterNotFound({ message: 'nf', $metadata: {} }))
      .resolves({});
    await handler(job({ pod_id: 'pod-eu-1', key: 'stripe.secret_key', mode: 'sandbox' }));
    db.set('pod-eu-1/live/mail.smtp-password', '');
    await handler(job({ pod_id: 'pod-eu-1', key: 'mail.smtp-password', mode: 'live' }));
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: '/gpubroker/pod-eu-1/sandbox/stripe.secret_key' },
      { Name: '/gpubroker/pod-eu-1/live/mail.smtp-password' },
    ]);
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(logs).toContain('"action":"delete"');
  });

  it('is idempotent: running twice writes the same state twice', async () => {
    ssm.on(PutParameterCommand).resolves({});
    db.set('pod-eu-1/sandbox/k', 'v1');
    await handler(job({ pod_id: 'pod-eu-1', key: 'k', mode: 'sandbox' }));
    await handler(job({ pod_id: 'pod-eu-1', key: 'k', mode: 'sandbox' }));
    const inputs = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toEqual(inputs[1]);
  });

  it('throws store failures so the queue retries them, without the value in error or logs', async () => {
    ssm
      .on(PutParameterCommand)
      .rejects(
        new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} }),
      );
    db.set('pod-eu-1/live/k', SECRET);
    const err = await handler(job({ pod_id: 'pod-eu-1', key: 'k', mode: 'live' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretStoreRetryableError);
    expect(String((err as Error).stack)).not.toContain(SECRET);
    expect(logs).not.toContain(SECRET);
  });

  it('rejects malformed job data before touching the store', async () => {
    const bad = { pod_id: 'pod-eu-1', key: 'k', mode: 'LIVE' } as unknown as SecretSyncJobData;
    await expect(handler(job(bad))).rejects.toThrow(/pod_id, key, mode/);
    expect(reads).toEqual([]);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('send options collapse waiting jobs per (POD, mode, key) and retry with backoff', () => {
    const a = secretSyncSendOptions({ pod_id: 'p', key: 'k', mode: 'live' });
    expect(a).toMatchObject({ singletonKey: 'secret-sync:p:live:k', retryBackoff: true });
    expect(a.retryLimit).toBeGreaterThan(2);
    expect(secretSyncSendOptions({ pod_id: 'p', key: 'k', mode: 'sandbox' }).singletonKey).not.toBe(
      a.singletonKey,
    );
  });
});
