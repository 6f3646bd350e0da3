import { describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import { callOver, type RecordedRequest, type RecordedRoute } from '../recorded-server.test-support.js';
import { runpodAdapter } from './runpod.adapter.js';
import { runpodProvisioning as rp } from './runpod.provisioning.js';
import { SPEC } from './runpod.provisioning.test-support.js';

/** Runs `call` against a recorded server answering `routes`; resolves its outcome and the requests. */
async function over<T>(routes: RecordedRoute[], call: (ctx: ProviderContext) => Promise<T>) {
  return callOver(routes, call);
}

const settled = <T>(r: PromiseSettledResult<T>): T => {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
};
const errorOf = (r: PromiseSettledResult<unknown>): unknown =>
  r.status === 'rejected' ? r.reason : undefined;

type Json = Record<string, unknown>;
const recordedPod = async () =>
  (await readDatasetJson('provider-api', 'runpod/v2-pods-id.json')) as Json & { env: Json; ssh: Json };
const recordedPods = async () =>
  (await readDatasetJson('provider-api', 'runpod/v2-pods.json')) as { pods: Json[] };

const expectAuthed = (requests: RecordedRequest[]) => {
  for (const req of requests) expect(req.headers.authorization).toBe('Bearer test-key');
};

// Values read by hand from the recorded bodies (OpenAPI examples): pod 7h9k2m4n6p "pytorch-training".
const RUNNING_DIRECT = {
  instanceId: '7h9k2m4n6p',
  state: 'running',
  ssh: { host: '195.26.233.3', port: 34446, user: 'root' },
  jupyter: null, // the recorded env has MODEL_NAME only, no JUPYTER_PASSWORD
  providerStatus: 'RUNNING',
};

describe('runpodProvisioning.create (POST /v2/pods, recorded 201 body)', () => {
  it('sends the offer as gpu / cloud / data centre with name, key, ports, Jupyter password', async () => {
    const { result, requests } = await over(
      [{ method: 'POST', path: '/v2/pods', status: 201, file: 'runpod/v2-pods-create.json' }],
      (ctx) => rp.create(ctx, SPEC),
    );
    expect(settled(result)).toEqual({
      instanceId: '7h9k2m4n6p',
      state: 'creating',
      ssh: null, // PROVISIONING: not reachable yet
      jupyter: null,
      providerStatus: 'PROVISIONING',
    });
    expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', '/v2/pods']]);
    expectAuthed(requests);
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(requests[0]?.body ?? '{}');
    const keys = 'cloud dataCenterIds disk env gpu image name ports startJupyter startSsh';
    expect(Object.keys(body).sort()).toEqual(keys.split(' '));
    expect(body.name).toBe('gpb-pod_1');
    expect(body.image).toBe('runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404');
    expect(body.gpu).toEqual({ id: 'NVIDIA GeForce RTX 4090', count: 1 });
    expect(body.cloud).toBe('SECURE');
    expect(body.dataCenterIds).toEqual(['US-KS-2']);
    expect(body.disk).toBe(40);
    expect(body.ports).toEqual(['22/tcp', '8888/http']);
    expect(Object.keys(body.env).sort()).toEqual(['JUPYTER_PASSWORD', 'PUBLIC_KEY']);
    expect(body.env.PUBLIC_KEY).toBe('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey user@host');
    expect(body.env.JUPYTER_PASSWORD).toMatch(/^[0-9a-f]{32}$/);
    expect(body.startSsh).toBe(true);
    expect(body.startJupyter).toBe(true);
    // and the catalog adapter carries this lifecycle
    expect([runpodAdapter.supportsProvisioning, runpodAdapter.provisioning]).toEqual([true, rp]);
  });

  it('maps a community offer without data centre, a container image, no key and no 8888', async () => {
    const { requests } = await over(
      [{ method: 'POST', path: '/v2/pods', status: 201, file: 'runpod/v2-pods-create.json' }],
      (ctx) =>
        rp.create(ctx, {
          ...SPEC,
          providerOfferId: 'NVIDIA A40:community',
          gpuCount: 2,
          image: 'nvidia/cuda:12.4.1-base-ubuntu22.04',
          storageGb: 0,
          ports: [22],
          sshPublicKey: null,
        }),
    );
    const body = JSON.parse(requests[0]?.body ?? '{}');
    expect(body.gpu).toEqual({ id: 'NVIDIA A40', count: 2 });
    expect(body.cloud).toBe('COMMUNITY');
    expect(body.dataCenterIds).toBeUndefined();
    expect(body.image).toBe('nvidia/cuda:12.4.1-base-ubuntu22.04');
    expect(body.disk).toBe(50);
    expect(body.ports).toEqual(['22/tcp']);
    expect(body.env).toEqual({});
    expect(body.startJupyter).toBe(false);
  });

  // 400s on create (capacity or not): runpod.provisioning.create-errors.test.ts
  it('keeps a 402 and a 503 as ProviderHttpError with their status', async () => {
    for (const status of [402, 503]) {
      const body = { title: 'Error', status, detail: 'x' }; // documented shape, not recorded
      const { result } = await over([{ method: 'POST', path: '/v2/pods', status, body }], (ctx) =>
        rp.create(ctx, SPEC),
      );
      const err = errorOf(result);
      expect(err).toBeInstanceOf(ProviderHttpError);
      expect((err as ProviderHttpError).status).toBe(status);
    }
  });

  it('refuses a spot offer without calling RunPod', async () => {
    const { result, requests } = await over([], (ctx) =>
      rp.create(ctx, { ...SPEC, providerOfferId: 'NVIDIA GeForce RTX 4090:spot', spot: true }),
    );
    expect(String(errorOf(result))).toMatch(/spot offer .* cannot be provisioned/);
    expect(requests).toEqual([]);
  });
});

describe('runpodProvisioning.get (GET /v2/pods/{id}, recorded body)', () => {
  it('maps RUNNING with the direct SSH endpoint', async () => {
    const { result, requests } = await over(
      [{ method: 'GET', path: '/v2/pods/7h9k2m4n6p', file: 'runpod/v2-pods-id.json' }],
      (ctx) => rp.get(ctx, '7h9k2m4n6p'),
    );
    expect(settled(result)).toEqual(RUNNING_DIRECT);
    expect(requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v2/pods/7h9k2m4n6p']]);
    expectAuthed(requests);
  });

  it('falls back to the proxy endpoint and gives Jupyter when the password is in env', async () => {
    // The recorded body with direct null and JUPYTER_PASSWORD added to its env.
    const recorded = await recordedPod();
    const body = {
      ...recorded,
      env: { ...recorded.env, JUPYTER_PASSWORD: 'tok123' },
      ssh: { ...recorded.ssh, direct: null },
    };
    const { result } = await over([{ method: 'GET', path: '/v2/pods/7h9k2m4n6p', body }], (ctx) =>
      rp.get(ctx, '7h9k2m4n6p'),
    );
    expect(settled(result)).toEqual({
      ...RUNNING_DIRECT,
      ssh: { host: 'ssh.runpod.io', port: 22, user: '7h9k2m4n6p-64411eb2' },
      jupyter: { url: 'https://7h9k2m4n6p-8888.proxy.runpod.net', token: 'tok123' },
    });
  });

  it('maps every documented status word', async () => {
    const recorded = await recordedPod();
    const words = { STARTING: 'creating', EXITED: 'stopped', TERMINATED: 'terminated', ERROR: 'failed' };
    for (const [status, state] of Object.entries(words)) {
      const { result } = await over(
        [{ method: 'GET', path: '/v2/pods/7h9k2m4n6p', body: { ...recorded, status } }],
        (ctx) => rp.get(ctx, '7h9k2m4n6p'),
      );
      expect(settled(result)).toEqual({ ...RUNNING_DIRECT, state, ssh: null, providerStatus: status });
    }
  });

  it('answers null on 404 and throws ProviderHttpError on a 500', async () => {
    const notFound = { title: 'Not Found', status: 404, detail: 'pod not found' }; // documented shape
    const gone = await over([{ method: 'GET', path: '/v2/pods/x', status: 404, body: notFound }], (ctx) =>
      rp.get(ctx, 'x'),
    );
    expect(settled(gone.result)).toBeNull();
    const failed = await over([{ method: 'GET', path: '/v2/pods/x', status: 500, body: {} }], (ctx) =>
      rp.get(ctx, 'x'),
    );
    expect((errorOf(failed.result) as ProviderHttpError).status).toBe(500);
  });
});

describe('runpodProvisioning.find (GET /v2/pods, recorded body)', () => {
  it('finds the pod by its gpb- name, and none for another name', async () => {
    const recorded = await recordedPods();
    // The recorded list renamed to our naming (its only pod is "pytorch-training").
    const body = { pods: [...recorded.pods.map((p) => ({ ...p, name: 'gpb-pod_1' }))] };
    const { result, requests } = await over([{ method: 'GET', path: '/v2/pods', body }], (ctx) =>
      rp.find(ctx, 'pod_1'),
    );
    expect(settled(result)).toEqual(RUNNING_DIRECT);
    expect(requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v2/pods']]);
    expectAuthed(requests);

    const none = await over([{ method: 'GET', path: '/v2/pods', file: 'runpod/v2-pods.json' }], (ctx) =>
      rp.find(ctx, 'pod_1'),
    );
    expect(settled(none.result)).toBeNull();
  });

  it('ignores a TERMINATED pod with the name', async () => {
    const recorded = await recordedPods();
    const body = { pods: recorded.pods.map((p) => ({ ...p, name: 'gpb-pod_1', status: 'TERMINATED' })) };
    const { result } = await over([{ method: 'GET', path: '/v2/pods', body }], (ctx) =>
      rp.find(ctx, 'pod_1'),
    );
    expect(settled(result)).toBeNull();
  });
});

describe('runpodProvisioning.start / stop / terminate', () => {
  const ACTION = '/v2/pods/7h9k2m4n6p/action';

  it('posts {action} and accepts the recorded 200 body', async () => {
    for (const action of ['start', 'stop'] as const) {
      const { result, requests } = await over(
        [{ method: 'POST', path: ACTION, file: 'runpod/v2-pods-id-action.json' }],
        (ctx) => rp[action](ctx, '7h9k2m4n6p'),
      );
      settled(result);
      expect(requests.map((r) => [r.method, r.path, JSON.parse(r.body)])).toEqual([
        ['POST', ACTION, { action }],
      ]);
      expectAuthed(requests);
    }
  });

  it('treats a 409 as success when the pod already is there, else rethrows', async () => {
    const conflict = { title: 'Conflict', status: 409, detail: 'invalid action' }; // documented shape
    const recorded = await recordedPod();
    const routes = (status: string): RecordedRoute[] => [
      { method: 'POST', path: ACTION, status: 409, body: conflict },
      { method: 'GET', path: '/v2/pods/7h9k2m4n6p', body: { ...recorded, status } },
    ];
    const stopped = await over(routes('EXITED'), (ctx) => rp.stop(ctx, '7h9k2m4n6p'));
    settled(stopped.result);
    expect(stopped.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', ACTION],
      ['GET', '/v2/pods/7h9k2m4n6p'],
    ]);
    const started = await over(routes('RUNNING'), (ctx) => rp.start(ctx, '7h9k2m4n6p'));
    settled(started.result);
    const wrong = await over(routes('TERMINATED'), (ctx) => rp.start(ctx, '7h9k2m4n6p'));
    expect((errorOf(wrong.result) as ProviderHttpError).status).toBe(409);
  });

  it('terminates with DELETE (204), a 404 is success, a 502 is a ProviderHttpError', async () => {
    const ok = await over([{ method: 'DELETE', path: '/v2/pods/7h9k2m4n6p', status: 204, body: '' }], (ctx) =>
      rp.terminate(ctx, '7h9k2m4n6p'),
    );
    settled(ok.result);
    expect(ok.requests.map((r) => [r.method, r.path])).toEqual([['DELETE', '/v2/pods/7h9k2m4n6p']]);
    expectAuthed(ok.requests);
    // No route: the recorded server answers 404 = already gone.
    const gone = await over([], (ctx) => rp.terminate(ctx, '7h9k2m4n6p'));
    settled(gone.result);
    const failed = await over(
      [{ method: 'DELETE', path: '/v2/pods/7h9k2m4n6p', status: 502, body: {} }],
      (ctx) => rp.terminate(ctx, '7h9k2m4n6p'),
    );
    expect(errorOf(failed.result)).toBeInstanceOf(ProviderHttpError);
    expect((errorOf(failed.result) as ProviderHttpError).status).toBe(502);
  });
});
