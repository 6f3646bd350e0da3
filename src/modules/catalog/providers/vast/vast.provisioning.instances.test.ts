import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../catalog.types.js';
import { vastAdapter } from './vast.adapter.js';
import { vastProvisioning as vast } from './vast.provisioning.js';
import { vastStateOf } from './vast.provisioning.parse.js';
import { failure, ok } from './vast.provisioning.test-support.js';

describe('vastProvisioning.get / find', () => {
  it('maps the recorded GET /instances/{id}/ body (loading, ssh_host/ssh_port)', async () => {
    const { value, requests } = await ok(
      [{ method: 'GET', path: '/instances/12345678/', file: 'vast/instances-id.json' }],
      (ctx) => vast.get(ctx, '12345678'),
    );
    expect(requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/instances/12345678/', 'Bearer test-key'],
    ]);
    // Recorded: actual_status "loading", ssh_host "..." (elided in the docs), ssh_port 12345.
    expect(value).toEqual({
      instanceId: '12345678',
      state: 'creating',
      ssh: { host: '...', port: 12345, user: 'root' },
      jupyter: null,
      providerStatus: 'loading',
    });
  });

  it('fills Jupyter from jupyter_token, public_ipaddr and the 8080/tcp host port', async () => {
    // documented shape, not recorded (instance fields of GET /instances/{id}/)
    const instances = {
      id: 42,
      label: 'gpb-pod_7f3k',
      actual_status: 'running',
      intended_status: 'running',
      cur_state: 'running',
      ssh_host: 'ssh4.vast.ai',
      ssh_port: 20544,
      public_ipaddr: '203.0.113.7',
      ports: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '41022' }] },
      jupyter_token: 'f00dbabe',
    };
    const { value } = await ok([{ method: 'GET', path: '/instances/42/', body: { instances } }], (ctx) =>
      vast.get(ctx, '42'),
    );
    expect(value).toEqual({
      instanceId: '42',
      state: 'running',
      ssh: { host: 'ssh4.vast.ai', port: 20544, user: 'root' },
      jupyter: { url: 'https://203.0.113.7:41022', token: 'f00dbabe' },
      providerStatus: 'running',
    });
  });

  it('404 or {instances: null} → null; a 5xx → ProviderHttpError', async () => {
    const gone = await ok([], (ctx) => vast.get(ctx, '42')); // the server answers 404
    expect(gone.value).toBeNull();
    const empty = await ok([{ method: 'GET', path: '/instances/42/', body: { instances: null } }], (ctx) =>
      vast.get(ctx, '42'),
    );
    expect(empty.value).toBeNull();
    const down = await failure([{ method: 'GET', path: '/instances/42/', status: 502, body: {} }], (ctx) =>
      vast.get(ctx, '42'),
    );
    expect((down.error as ProviderHttpError).status).toBe(502);
  });

  it.each([
    [{ actual_status: null }, 'creating'],
    [{ actual_status: 'loading' }, 'creating'],
    [{ actual_status: 'rebooting' }, 'creating'],
    [{ actual_status: 'running' }, 'running'],
    [{ actual_status: 'stopped' }, 'stopped'],
    [{ actual_status: 'frozen' }, 'stopped'],
    [{ actual_status: 'exited' }, 'failed'],
    [{ actual_status: 'unknown' }, 'failed'],
    [{ actual_status: 'offline' }, 'failed'],
    [{ actual_status: 'running', cur_state: 'unloaded' }, 'terminated'],
  ])('status %j → %s', (instance, state) => {
    expect(vastStateOf(instance)).toBe(state);
  });

  it('find: the recorded empty list → null', async () => {
    const { value, requests } = await ok(
      [{ method: 'GET', path: '/instances/', file: 'vast/instances.json' }],
      (ctx) => vast.find(ctx, 'pod_7f3k'),
    );
    expect(value).toBeNull();
    expect(requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/instances/', 'Bearer test-key'],
    ]);
  });

  it('find: picks the instance labelled gpb-<podId>, skipping destroyed (unloaded) ones', async () => {
    // documented shape, not recorded
    const body = {
      instances_found: 3,
      instances: [
        { id: 1, label: 'gpb-pod_7f3k', actual_status: 'exited', cur_state: 'unloaded' },
        { id: 2, label: 'gpb-pod_other', actual_status: 'running', cur_state: 'running' },
        { id: 3, label: 'gpb-pod_7f3k', actual_status: 'stopped', cur_state: 'stopped' },
      ],
    };
    const { value } = await ok([{ method: 'GET', path: '/instances/', body }], (ctx) =>
      vast.find(ctx, 'pod_7f3k'),
    );
    expect(value).toEqual({
      instanceId: '3',
      state: 'stopped',
      ssh: null,
      jupyter: null,
      providerStatus: 'stopped',
    });
  });
});

describe('vastProvisioning start / stop / terminate', () => {
  // documented shape, not recorded: PUT / DELETE /instances/{id}/ answer {success: true}
  it.each([
    ['start', 'running'],
    ['stop', 'stopped'],
  ] as const)('%s → PUT /instances/{id}/ {state: %s}', async (action, state) => {
    const { requests } = await ok(
      [{ method: 'PUT', path: '/instances/42/', body: { success: true } }],
      (ctx) => vast[action](ctx, '42'),
    );
    expect(requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['PUT', '/instances/42/', 'Bearer test-key'],
    ]);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ state });
  });

  it('terminate → DELETE /instances/{id}/; 404 no_such_instance = already gone; 5xx rejects', async () => {
    const done = await ok([{ method: 'DELETE', path: '/instances/42/', body: { success: true } }], (ctx) =>
      vast.terminate(ctx, '42'),
    );
    expect(done.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['DELETE', '/instances/42/', 'Bearer test-key'],
    ]);
    const notFound = { success: false, error: 'no_such_instance', msg: 'Instance 42 not found.' };
    const gone = await ok(
      [{ method: 'DELETE', path: '/instances/42/', status: 404, body: notFound }],
      (ctx) => vast.terminate(ctx, '42'),
    );
    expect(gone.value).toBeUndefined();
    const down = await failure([{ method: 'DELETE', path: '/instances/42/', status: 500, body: {} }], (ctx) =>
      vast.terminate(ctx, '42'),
    );
    expect(down.error).toBeInstanceOf(ProviderHttpError);
    expect((down.error as ProviderHttpError).status).toBe(500);
  });

  it('is wired into the catalog adapter', () => {
    expect(vastAdapter.supportsProvisioning).toBe(true);
    expect(vastAdapter.provisioning).toBe(vast);
  });
});
