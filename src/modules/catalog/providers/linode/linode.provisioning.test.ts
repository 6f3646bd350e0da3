import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../catalog.types.js';
import { ProviderCapacityError } from '../../provisioning.types.js';
import type { RecordedRoute } from '../recorded-server.test-support.js';
import { linodeAdapter } from './linode.adapter.js';
import { linodeProvisioning as linode } from './linode.provisioning.js';
import { KEY, over, POD, recordedList, settledReason, settledValue, spec } from './linode.test-support.js';

describe('linodeProvisioning.create', () => {
  it('POSTs /linode/instances with the offer, label, key, password and tags; maps the recorded answer', async () => {
    const { result, requests } = await over(
      [{ method: 'POST', path: '/linode/instances', file: 'linode/linode-instances-create.json' }],
      (ctx) => linode.create(ctx, spec),
    );

    // Recorded body: id 82372946, status "provisioning", ipv4 ["192.0.2.0"].
    expect(settledValue(result)).toEqual({
      instanceId: '82372946',
      state: 'creating',
      ssh: { host: '192.0.2.0', port: 22, user: 'root' },
      jupyter: null,
      providerStatus: 'provisioning',
    });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect([req?.method, req?.path]).toEqual(['POST', '/linode/instances']);
    expect(req?.headers.authorization).toBe('Bearer test-key');
    expect(req?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req?.body ?? '{}');
    expect(Object.keys(body).sort()).toEqual(
      ['authorized_keys', 'booted', 'image', 'label', 'region', 'root_pass', 'tags', 'type'].sort(),
    );
    expect(body.label).toBe('gpb-pod_01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(body.type).toBe('g1-gpu-rtx6000-2');
    expect(body.region).toBe('us-ord');
    expect(body.image).toBe('linode/ubuntu24.04');
    expect(body.authorized_keys).toEqual([KEY]);
    expect(body.tags).toEqual(['gpubroker', POD]);
    expect(body.booted).toBe(true);
    expect(body.root_pass).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('generates a new root password per create, omits authorized_keys without a key, defaults the image', async () => {
    const routes: RecordedRoute[] = [
      { method: 'POST', path: '/linode/instances', file: 'linode/linode-instances-create.json' },
    ];
    const first = await over(routes, (ctx) => linode.create(ctx, spec));
    const second = await over(routes, (ctx) =>
      linode.create(ctx, { ...spec, sshPublicKey: null, image: 'pytorch/pytorch:2.3.0-cuda12.1' }),
    );
    const a = JSON.parse(first.requests[0]?.body ?? '{}');
    const b = JSON.parse(second.requests[0]?.body ?? '{}');
    expect(a.root_pass).not.toBe(b.root_pass);
    expect(b).not.toHaveProperty('authorized_keys');
    expect(b.image).toBe('linode/ubuntu22.04');
  });

  const refusedWith = (status: number, body: unknown): RecordedRoute => ({
    method: 'POST',
    path: '/linode/instances',
    status,
    body,
  });

  it('reads a no-availability reason from the error body: ProviderCapacityError, no look-up', async () => {
    const bodies = [
      // documented shape, not recorded (Linode ErrorObject list; reason as the API words it,
      // quoted in linode/manager#6461)
      { errors: [{ reason: 'There is no availability for the selected plan in the selected region' }] },
      // documented shape, not recorded (the same refusal tied to the `type` field)
      { errors: [{ field: 'type', reason: 'This plan is currently sold out in us-ord.' }] },
    ];
    for (const [i, body] of bodies.entries()) {
      const { result, requests } = await over([refusedWith(i === 0 ? 400 : 403, body)], (ctx) =>
        linode.create(ctx, spec),
      );
      const error = settledReason(result);
      expect(error).toBeInstanceOf(ProviderCapacityError);
      expect((error as ProviderCapacityError).provider).toBe('linode');
      expect((error as Error).message).toBe('Linode plan g1-gpu-rtx6000-2 is not available in us-ord now');
      expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', '/linode/instances']]);
      expect(requests[0]?.headers['user-agent']).toBe('gpubroker-test/1');
    }
  });

  it('falls back to the region availability list when the body names no capacity reason', async () => {
    const { result, requests } = await over(
      [
        // documented shape, not recorded (a reason the adapter does not recognize)
        refusedWith(400, { errors: [{ reason: 'Unable to create Linode' }] }),
        {
          method: 'GET',
          path: '/regions/us-ord/availability',
          // documented shape, not recorded
          body: [
            { region: 'us-ord', plan: 'g1-gpu-rtx6000-1', available: true },
            { region: 'us-ord', plan: 'g1-gpu-rtx6000-2', available: false },
          ],
        },
      ],
      (ctx) => linode.create(ctx, spec),
    );

    const error = settledReason(result);
    expect(error).toBeInstanceOf(ProviderCapacityError);
    expect((error as Error).message).toBe('Linode plan g1-gpu-rtx6000-2 is not available in us-ord now');
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/linode/instances'],
      ['GET', '/regions/us-ord/availability'],
    ]);
    for (const req of requests) {
      expect(req.headers.authorization).toBe('Bearer test-key');
      expect(req.headers['user-agent']).toBe('gpubroker-test/1');
    }
  });

  it('keeps a non-capacity 4xx body a ProviderHttpError with its status', async () => {
    const refusals: Array<[number, unknown]> = [
      // documented shape, not recorded (field errors of a bad request)
      [400, { errors: [{ field: 'image', reason: 'image is not a valid image' }] }],
      // documented shape, not recorded (a type that does not exist is a request bug, not capacity)
      [400, { errors: [{ field: 'type', reason: 'A valid plan type by that ID was not found' }] }],
      // documented shape, not recorded (account restriction, not stock)
      [403, { errors: [{ reason: 'Unauthorized' }] }],
    ];
    for (const [status, body] of refusals) {
      const { result } = await over(
        [
          refusedWith(status, body),
          // documented shape, not recorded: the region still has the plan
          {
            method: 'GET',
            path: '/regions/us-ord/availability',
            body: [{ region: 'us-ord', plan: 'g1-gpu-rtx6000-2', available: true }],
          },
        ],
        (ctx) => linode.create(ctx, spec),
      );
      const error = settledReason(result);
      expect(error).toBeInstanceOf(ProviderHttpError);
      expect(error).not.toBeInstanceOf(ProviderCapacityError);
      expect((error as ProviderHttpError).status).toBe(status);
    }
  });

  it('keeps a 400 a ProviderHttpError when the region still lists the plan as available', async () => {
    const { result } = await over(
      [
        {
          method: 'POST',
          path: '/linode/instances',
          status: 400,
          // documented shape, not recorded
          body: { errors: [{ field: 'root_pass', reason: 'Password does not meet strength requirement.' }] },
        },
        {
          method: 'GET',
          path: '/regions/us-ord/availability',
          // documented shape, not recorded
          body: [{ region: 'us-ord', plan: 'g1-gpu-rtx6000-2', available: true }],
        },
      ],
      (ctx) => linode.create(ctx, spec),
    );
    expect(settledReason(result)).toBeInstanceOf(ProviderHttpError);
    expect((settledReason(result) as ProviderHttpError).status).toBe(400);
  });

  it('rejects a 5xx with ProviderHttpError carrying the status, without the availability look-up', async () => {
    const { result, requests } = await over(
      [{ method: 'POST', path: '/linode/instances', status: 503, body: { errors: [{ reason: 'busy' }] } }],
      (ctx) => linode.create(ctx, spec),
    );
    expect(settledReason(result)).toBeInstanceOf(ProviderHttpError);
    expect((settledReason(result) as ProviderHttpError).status).toBe(503);
    expect(requests).toHaveLength(1);
  });
});

describe('linodeProvisioning.find', () => {
  it('lists instances filtered by label (X-Filter) and picks the gpb-<podId> one', async () => {
    const list = await recordedList();
    const page = { ...list, data: list.data.map((l) => ({ ...l, label: `gpb-${POD}` })) };
    const { result, requests } = await over(
      [{ method: 'GET', path: '/linode/instances', body: page }],
      (ctx) => linode.find(ctx, POD),
    );

    // Recorded list item: id 82372946, status "provisioning", ipv4 ["192.0.2.0"].
    expect(settledValue(result)).toEqual({
      instanceId: '82372946',
      state: 'creating',
      ssh: { host: '192.0.2.0', port: 22, user: 'root' },
      jupyter: null,
      providerStatus: 'provisioning',
    });
    expect(requests.map((r) => [r.method, r.path, r.query.toString()])).toEqual([
      ['GET', '/linode/instances', 'page=1&page_size=500'],
    ]);
    expect(requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(String(requests[0]?.headers['x-filter']))).toEqual({ label: `gpb-${POD}` });
  });

  it('is null when no listed label matches (the recorded list) or the match is being deleted', async () => {
    const recorded = await over(
      [{ method: 'GET', path: '/linode/instances', file: 'linode/linode-instances.json' }],
      (ctx) => linode.find(ctx, POD),
    );
    expect(settledValue(recorded.result)).toBeNull();

    const list = await recordedList();
    const deleting = {
      ...list,
      data: list.data.map((l) => ({ ...l, label: `gpb-${POD}`, status: 'deleting' })),
    };
    const gone = await over([{ method: 'GET', path: '/linode/instances', body: deleting }], (ctx) =>
      linode.find(ctx, POD),
    );
    expect(settledValue(gone.result)).toBeNull();
  });
});

describe('linodeAdapter wiring', () => {
  it('exposes the provisioning adapter', () => {
    expect(linodeAdapter.supportsProvisioning).toBe(true);
    expect(linodeAdapter.provisioning).toBe(linode);
  });
});
