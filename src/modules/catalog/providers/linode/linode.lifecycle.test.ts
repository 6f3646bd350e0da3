import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../catalog.types.js';
import { linodeProvisioning as linode } from './linode.provisioning.js';
import { over, recordedId, settledReason, settledValue } from './linode.test-support.js';

describe('linodeProvisioning.get', () => {
  it('GETs /linode/instances/{id} and maps the recorded body', async () => {
    const { result, requests } = await over(
      [{ method: 'GET', path: '/linode/instances/82372997', file: 'linode/linode-instances-id.json' }],
      (ctx) => linode.get(ctx, '82372997'),
    );
    // Recorded body: id 82372997, status "provisioning", ipv4 ["192.0.2.0"].
    expect(settledValue(result)).toEqual({
      instanceId: '82372997',
      state: 'creating',
      ssh: { host: '192.0.2.0', port: 22, user: 'root' },
      jupyter: null,
      providerStatus: 'provisioning',
    });
    expect(requests[0]?.headers.authorization).toBe('Bearer test-key');
  });

  it('maps every status word and skips private IPv4 addresses for ssh', async () => {
    const body = await recordedId();
    const words: Array<[string, string]> = [
      ['running', 'running'],
      ['booting', 'creating'],
      ['rebooting', 'creating'],
      ['rebuilding', 'creating'],
      ['cloning', 'creating'],
      ['restoring', 'creating'],
      ['migrating', 'creating'],
      ['resizing', 'creating'],
      ['offline', 'stopped'],
      ['stopped', 'stopped'],
      ['shutting_down', 'stopped'],
      ['billing_suspension', 'stopped'],
      ['deleting', 'terminated'],
      ['something_new', 'creating'],
    ];
    for (const [status, state] of words) {
      const { result } = await over(
        [
          {
            method: 'GET',
            path: '/linode/instances/82372997',
            body: { ...body, status, ipv4: ['192.168.130.7', '203.0.113.9'] },
          },
        ],
        (ctx) => linode.get(ctx, '82372997'),
      );
      expect(settledValue(result), status).toMatchObject({
        state,
        providerStatus: status,
        ssh: { host: '203.0.113.9', port: 22, user: 'root' },
      });
    }
    const { result } = await over(
      [{ method: 'GET', path: '/linode/instances/82372997', body: { ...body, ipv4: [] } }],
      (ctx) => linode.get(ctx, '82372997'),
    );
    expect(settledValue(result)?.ssh).toBeNull();
  });

  it('is null on a 404 and rejects a 5xx with its status', async () => {
    const missing = await over([], (ctx) => linode.get(ctx, '1'));
    expect(settledValue(missing.result)).toBeNull();
    const failing = await over(
      [{ method: 'GET', path: '/linode/instances/1', status: 500, body: { errors: [{ reason: 'oops' }] } }],
      (ctx) => linode.get(ctx, '1'),
    );
    expect(settledReason(failing.result)).toBeInstanceOf(ProviderHttpError);
    expect((settledReason(failing.result) as ProviderHttpError).status).toBe(500);
  });
});

describe('linodeProvisioning start / stop / terminate', () => {
  const withStatus = async (status: string) => ({ ...(await recordedId()), status });

  it('boots an offline instance and shuts down a running one', async () => {
    const start = await over(
      [
        { method: 'GET', path: '/linode/instances/82372997', body: await withStatus('offline') },
        // documented shape, not recorded
        { method: 'POST', path: '/linode/instances/82372997/boot', body: {} },
      ],
      (ctx) => linode.start(ctx, '82372997'),
    );
    settledValue(start.result);
    expect(start.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/linode/instances/82372997', ''],
      ['POST', '/linode/instances/82372997/boot', '{}'],
    ]);
    expect(start.requests[1]?.headers.authorization).toBe('Bearer test-key');

    const stop = await over(
      [
        { method: 'GET', path: '/linode/instances/82372997', body: await withStatus('running') },
        // documented shape, not recorded
        { method: 'POST', path: '/linode/instances/82372997/shutdown', body: {} },
      ],
      (ctx) => linode.stop(ctx, '82372997'),
    );
    settledValue(stop.result);
    expect(stop.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', '/linode/instances/82372997'],
      ['POST', '/linode/instances/82372997/shutdown'],
    ]);
    expect(stop.requests[1]?.headers.authorization).toBe('Bearer test-key');
  });

  it('does nothing more when already running (start) or offline (stop)', async () => {
    const start = await over(
      [{ method: 'GET', path: '/linode/instances/82372997', body: await withStatus('running') }],
      (ctx) => linode.start(ctx, '82372997'),
    );
    settledValue(start.result);
    expect(start.requests.map((r) => r.method)).toEqual(['GET']);

    const stop = await over(
      [{ method: 'GET', path: '/linode/instances/82372997', body: await withStatus('offline') }],
      (ctx) => linode.stop(ctx, '82372997'),
    );
    settledValue(stop.result);
    expect(stop.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('DELETEs the instance (recorded `{}`), succeeds on a 404 and rejects a 5xx', async () => {
    const deleted = await over(
      [
        {
          method: 'DELETE',
          path: '/linode/instances/82372946',
          file: 'linode/linode-instances-id-delete.json',
        },
      ],
      (ctx) => linode.terminate(ctx, '82372946'),
    );
    settledValue(deleted.result);
    expect(deleted.requests.map((r) => [r.method, r.path])).toEqual([
      ['DELETE', '/linode/instances/82372946'],
    ]);
    expect(deleted.requests[0]?.headers.authorization).toBe('Bearer test-key');

    const gone = await over([], (ctx) => linode.terminate(ctx, '82372946'));
    settledValue(gone.result);

    const failing = await over(
      [{ method: 'DELETE', path: '/linode/instances/82372946', status: 502, body: {} }],
      (ctx) => linode.terminate(ctx, '82372946'),
    );
    expect((settledReason(failing.result) as ProviderHttpError).status).toBe(502);
  });
});
