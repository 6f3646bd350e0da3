import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import { type InstanceSpec, ProviderCapacityError } from '../../provisioning.types.js';
import { callOver, type RecordedRoute } from '../recorded-server.test-support.js';
import { lambdaAdapter } from './lambda.adapter.js';
import { lambdaProvisioning as lambda } from './lambda.provisioning.js';

/** Runs `run` against a recorded server (prefix `/api/v1`, like the real base URL). */
async function over<T>(routes: RecordedRoute[], run: (ctx: ProviderContext) => Promise<T>) {
  // The client's own header: seen on a request = it went through `ctx.http`.
  return callOver(routes, run, { prefix: '/api/v1', headers: { 'user-agent': 'gpubroker-test/1' } });
}
const settledValue = <T>(result: PromiseSettledResult<T>): T => {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
};
const errorOf = (result: PromiseSettledResult<unknown>): unknown =>
  result.status === 'rejected' ? result.reason : undefined;

const ID = '0920582c7ff041399e34823a0be62549';
const JUPYTER_URL =
  'https://jupyter-249e1ccff1894822af39ac822637f881.lambdaspaces.com/?token=03b7d30d9d3e4d8fa41657bc0d478c1b';
const NEW_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGpbTestKeyNotRegisteredAnywhere0000000000 me@laptop';
const spec = (over: Partial<InstanceSpec> = {}): InstanceSpec => ({
  podId: 'pod_1',
  name: 'gpb-pod_1',
  providerOfferId: 'gpu_1x_a10:us-east-1',
  gpuName: 'A10 (24 GB PCIe)',
  gpuCount: 1,
  region: 'us-east-1',
  spot: false,
  image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
  storageGb: 512,
  ports: [22, 8888],
  sshPublicKey: NEW_KEY,
  ...over,
});
const launchRoute: RecordedRoute = {
  method: 'POST',
  path: '/instance-operations/launch',
  file: 'lambda/instance-operations-launch.json',
};
const keysRoute: RecordedRoute = { method: 'GET', path: '/ssh-keys', file: 'lambda/ssh-keys.json' };
// documented shape, not recorded (POST /ssh-keys answers the stored SSHKey under data)
const registerRoute: RecordedRoute = {
  method: 'POST',
  path: '/ssh-keys',
  body: { data: { id: 'c4d291f47f9d436fa39f58493ce3b50d', name: 'gpb-pod_1', public_key: NEW_KEY } },
};

describe('lambdaProvisioning.create', () => {
  it('reuses the registered key with the same public key and launches one named instance', async () => {
    const keys = (await readDatasetJson('provider-api', 'lambda/ssh-keys.json')) as {
      data: Array<{ public_key: string }>;
    };
    // The recorded `yubikey` key, with its type + blob but another comment.
    const [type, blob] = (keys.data[0]?.public_key ?? '').split(' ');
    const { result, requests } = await over([keysRoute, launchRoute], (ctx) =>
      lambda.create(ctx, spec({ sshPublicKey: `${type} ${blob} other-comment` })),
    );

    expect(settledValue(result)).toEqual({
      instanceId: ID,
      state: 'creating',
      ssh: null,
      jupyter: null,
      providerStatus: 'booting',
    });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ssh-keys',
      'POST /instance-operations/launch',
    ]);
    for (const r of requests) expect(r.headers.authorization).toBe('Bearer test-key');
    const body = JSON.parse(requests[1]?.body ?? '{}');
    expect(body.region_name).toBe('us-east-1');
    expect(body.instance_type_name).toBe('gpu_1x_a10');
    expect(body.ssh_key_names).toEqual(['yubikey']);
    expect(body.name).toBe('gpb-pod_1');
    expect(body.quantity).toBe(1);
    // A container image cannot boot a Lambda VM: no `image`, Lambda's default (Lambda Stack).
    expect(Object.keys(body).sort()).toEqual([
      'instance_type_name',
      'name',
      'quantity',
      'region_name',
      'ssh_key_names',
    ]);
  });

  it('registers an unknown key as gpb-<podId> and passes a Lambda image family', async () => {
    const { result, requests } = await over([keysRoute, registerRoute, launchRoute], (ctx) =>
      lambda.create(ctx, spec({ image: 'lambda-stack-24-04', providerOfferId: 'gpu_8x_a100:me-west-1' })),
    );

    expect(settledValue(result).instanceId).toBe(ID);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ssh-keys',
      'POST /ssh-keys',
      'POST /instance-operations/launch',
    ]);
    expect(requests[1]?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(requests[1]?.body ?? '{}')).toEqual({ name: 'gpb-pod_1', public_key: NEW_KEY });
    expect(JSON.parse(requests[2]?.body ?? '{}')).toEqual({
      region_name: 'me-west-1',
      instance_type_name: 'gpu_8x_a100',
      ssh_key_names: ['gpb-pod_1'],
      name: 'gpb-pod_1',
      quantity: 1,
      image: { family: 'lambda-stack-24-04' },
    });
  });

  const launchFails = (status: number, body: unknown) => ({ ...launchRoute, file: undefined, status, body });

  it('maps the insufficient-capacity launch error (read from the error body) to ProviderCapacityError', async () => {
    const capacity = await over(
      [
        keysRoute,
        registerRoute,
        // documented shape, not recorded (Lambda's `{ error: { code, message, suggestion } }`)
        launchFails(400, {
          error: {
            code: 'instance-operations/launch/insufficient-capacity',
            message: 'Not enough capacity to fulfill launch request.',
            suggestion: 'Choose an instance type with more availability, or try again later.',
          },
        }),
      ],
      (ctx) => lambda.create(ctx, spec()),
    );
    const error = errorOf(capacity.result) as ProviderCapacityError;
    expect(error).toBeInstanceOf(ProviderCapacityError);
    expect(error.provider).toBe('lambda');
    expect(error.message).toBe('lambda: no capacity for gpu_1x_a10 in us-east-1');
    // The launch (3rd call) went through the context's client: same headers as the key calls.
    expect(capacity.requests).toHaveLength(3);
    for (const { headers } of capacity.requests) {
      expect([headers['user-agent'], headers.authorization]).toEqual(['gpubroker-test/1', 'Bearer test-key']);
    }
  });

  it('keeps every other launch failure a ProviderHttpError with its status', async () => {
    const failures: Array<[number, unknown]> = [
      // documented shape, not recorded (Lambda's error envelope; another launch 400 code)
      [400, { error: { code: 'global/quota-exceeded', message: 'Quota exceeded.' } }],
      // documented shape, not recorded (invalid-parameters 400: a request bug, not capacity)
      [400, { error: { code: 'global/invalid-parameters', message: 'Invalid region name.' } }],
      // not Lambda's envelope: the capacity words outside `error.code` do not count
      [400, { message: 'instance-operations/launch/insufficient-capacity' }],
      [400, 'not json'],
      [500, ''],
    ];
    for (const [status, body] of failures) {
      const { result, requests } = await over([keysRoute, registerRoute, launchFails(status, body)], (ctx) =>
        lambda.create(ctx, spec()),
      );
      const error = errorOf(result);
      expect(error).toBeInstanceOf(ProviderHttpError); // (ProviderCapacityError is not one)
      expect((error as ProviderHttpError).status).toBe(status);
      expect(requests[2]?.headers['user-agent']).toBe('gpubroker-test/1');
    }
  });

  it('refuses a sold-out offer (no region) and a spec without SSH key before any request', async () => {
    const soldOut = await over([], (ctx) =>
      lambda.create(ctx, spec({ providerOfferId: 'gpu_1x_gh200', region: 'unknown' })),
    );
    expect(errorOf(soldOut.result)).toBeInstanceOf(ProviderCapacityError);
    const noKey = await over([], (ctx) => lambda.create(ctx, spec({ sshPublicKey: null })));
    expect((errorOf(noKey.result) as Error).message).toMatch(/SSH public key is required/);
    expect([...soldOut.requests, ...noKey.requests]).toHaveLength(0);
  });
});

describe('lambdaProvisioning.get / find', () => {
  it('maps every field of the recorded GET /instances/{id} body', async () => {
    const { result, requests } = await over(
      [{ method: 'GET', path: `/instances/${ID}`, file: 'lambda/instances-id.json' }],
      (ctx) => lambda.get(ctx, ID),
    );
    // status booting, ip 198.51.100.2, jupyter_url/jupyter_token as recorded.
    expect(settledValue(result)).toEqual({
      instanceId: ID,
      state: 'creating',
      ssh: { host: '198.51.100.2', port: 22, user: 'ubuntu' },
      jupyter: { url: JUPYTER_URL, token: '03b7d30d9d3e4d8fa41657bc0d478c1b' },
      providerStatus: 'booting',
    });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.headers.authorization).toBe('Bearer test-key');
  });

  it('answers null on 404 and a ProviderHttpError with its status on a 5xx', async () => {
    const gone = await over([], (ctx) => lambda.get(ctx, 'nope'));
    expect(settledValue(gone.result)).toBeNull();
    expect(gone.requests[0]?.path).toBe('/instances/nope');

    const down = await over(
      [
        {
          method: 'GET',
          path: `/instances/${ID}`,
          status: 503,
          body: { error: { code: 'x', message: 'y' } },
        },
      ],
      (ctx) => lambda.get(ctx, ID),
    );
    expect(errorOf(down.result)).toBeInstanceOf(ProviderHttpError);
    expect((errorOf(down.result) as ProviderHttpError).status).toBe(503);
  });

  it('finds the instance named gpb-<podId>, ignoring other names and terminated ones', async () => {
    const recorded = (await readDatasetJson('provider-api', 'lambda/instances.json')) as {
      data: Array<Record<string, unknown>>;
    };
    const base = recorded.data[0] ?? {};
    // The recorded instance ("My Instance") plus two copies under our name: one terminated, one active.
    const body = {
      data: [
        base,
        { ...base, id: 'old', name: 'gpb-pod_1', status: 'terminated' },
        { ...base, name: 'gpb-pod_1', status: 'active' },
      ],
    };
    const found = await over([{ method: 'GET', path: '/instances', body }], (ctx) =>
      lambda.find(ctx, 'pod_1'),
    );
    expect(settledValue(found.result)).toEqual({
      instanceId: ID,
      state: 'running',
      ssh: { host: '198.51.100.2', port: 22, user: 'ubuntu' },
      jupyter: { url: JUPYTER_URL, token: '03b7d30d9d3e4d8fa41657bc0d478c1b' },
      providerStatus: 'active',
    });
    expect(found.requests[0]?.headers.authorization).toBe('Bearer test-key');

    const none = await over([{ method: 'GET', path: '/instances', file: 'lambda/instances.json' }], (ctx) =>
      lambda.find(ctx, 'pod_1'),
    );
    expect(settledValue(none.result)).toBeNull();
  });
});

describe('lambdaProvisioning stop / start / terminate', () => {
  it('terminates with the recorded answer, and treats 404 as already gone', async () => {
    const done = await over(
      [
        {
          method: 'POST',
          path: '/instance-operations/terminate',
          file: 'lambda/instance-operations-terminate.json',
        },
      ],
      (ctx) => lambda.terminate(ctx, ID),
    );
    expect(settledValue(done.result)).toBeUndefined();
    expect(done.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(done.requests[0]?.body ?? '{}')).toEqual({ instance_ids: [ID] });

    const gone = await over([], (ctx) => lambda.terminate(ctx, ID));
    expect(settledValue(gone.result)).toBeUndefined();
    expect(gone.requests[0]?.path).toBe('/instance-operations/terminate');

    const down = await over(
      [{ method: 'POST', path: '/instance-operations/terminate', status: 500, body: {} }],
      (ctx) => lambda.terminate(ctx, ID),
    );
    expect((errorOf(down.result) as ProviderHttpError).status).toBe(500);
  });

  it('refuses stop and start (Lambda has no stopped state) without calling the API', async () => {
    const stop = await over([], (ctx) => lambda.stop(ctx, ID));
    const start = await over([], (ctx) => lambda.start(ctx, ID));
    expect((errorOf(stop.result) as Error).message).toMatch(/cannot stop .*no stop\/start/);
    expect((errorOf(start.result) as Error).message).toMatch(/cannot start .*no stop\/start/);
    expect([...stop.requests, ...start.requests]).toHaveLength(0);
  });

  it('is wired into the catalog adapter', () => {
    expect(lambdaAdapter.provisioning).toBe(lambda);
    expect(lambdaAdapter.supportsProvisioning).toBe(true);
  });
});
