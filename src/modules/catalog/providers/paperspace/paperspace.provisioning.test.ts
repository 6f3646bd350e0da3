import { afterEach, describe, expect, it } from 'vitest';
import { readDatasetJson } from '../../assets.js';
import { ProviderHttpError } from '../../catalog.types.js';
import type { RecordedRequest } from '../recorded-server.test-support.js';
import { paperspaceAdapter } from './paperspace.adapter.js';
import { paperspaceProvisioning as ps } from './paperspace.provisioning.js';
import { closeServers, over } from './paperspace.provisioning.test-support.js';

afterEach(closeServers);

const expectAuth = (req: RecordedRequest | undefined) => expect(req?.headers['x-api-key']).toBe('test-key');

describe('paperspaceProvisioning.find / get', () => {
  it('finds nothing in the recorded list (no gpb- names)', async () => {
    const { ctx, requests } = await over([
      { method: 'GET', path: '/machines/getMachines/', file: 'paperspace/machines-getMachines.json' },
    ]);
    expect(await ps.find(ctx, 'pod1')).toBeNull();
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.query.get('name')).toBe('gpb-pod1');
    expectAuth(requests[0]);
  });

  it('finds the machine named gpb-<podId> in the recorded list', async () => {
    const list = await readDatasetJson<Array<Record<string, unknown>>>(
      'provider-api',
      'paperspace/machines-getMachines.json',
    );
    // Second recorded machine (psbtuwfvt, state off, publicIpAddress null) renamed to our pod's name.
    const body = list.map((m) => (m.id === 'psbtuwfvt' ? { ...m, name: 'gpb-pod1' } : m));
    const { ctx } = await over([{ method: 'GET', path: '/machines/getMachines/', body }]);
    expect(await ps.find(ctx, 'pod1')).toEqual({
      instanceId: 'psbtuwfvt',
      state: 'stopped',
      ssh: null,
      jupyter: null,
      providerStatus: 'off',
    });
  });

  it('gets the recorded machine (off, no public IP)', async () => {
    const { ctx, requests } = await over([
      {
        method: 'GET',
        path: '/machines/getMachinePublic/',
        file: 'paperspace/machines-getMachinePublic.json',
      },
    ]);
    expect(await ps.get(ctx, 'some_id')).toEqual({
      instanceId: 'some_id',
      state: 'stopped',
      ssh: null,
      jupyter: null,
      providerStatus: 'off',
    });
    expect(requests[0]?.query.get('machineId')).toBe('some_id');
    expectAuth(requests[0]);
  });

  it('gives ssh as paperspace@publicIpAddress:22 once ready', async () => {
    const shown = await readDatasetJson<Record<string, unknown>>(
      'provider-api',
      'paperspace/machines-getMachinePublic.json',
    );
    const { ctx } = await over([
      {
        method: 'GET',
        path: '/machines/getMachinePublic/',
        body: { ...shown, state: 'ready', publicIpAddress: '203.0.113.7' },
      },
    ]);
    expect(await ps.get(ctx, 'some_id')).toEqual({
      instanceId: 'some_id',
      state: 'running',
      ssh: { host: '203.0.113.7', port: 22, user: 'paperspace' },
      jupyter: null,
      providerStatus: 'ready',
    });
  });

  it('maps the transitional words to creating/stopped', async () => {
    const shown = await readDatasetJson<Record<string, unknown>>(
      'provider-api',
      'paperspace/machines-getMachinePublic.json',
    );
    const words = ['starting', 'serviceready', 'restarting', 'upgrading', 'stopping'];
    const { ctx } = await over(
      words.map((state) => ({
        method: 'GET',
        path: '/machines/getMachinePublic/',
        body: { ...shown, state },
        when: (req: RecordedRequest) => req.query.get('machineId') === state,
      })),
    );
    const states = [];
    for (const word of words) states.push((await ps.get(ctx, word))?.state);
    expect(states).toEqual(['creating', 'creating', 'creating', 'creating', 'stopped']);
  });

  it('answers null on a 404 and ProviderHttpError on a 5xx', async () => {
    const { ctx } = await over([
      {
        method: 'GET',
        path: '/machines/getMachinePublic/',
        status: 404,
        // documented shape, not recorded (gradient-cli machine-not-found body)
        body: { error: { name: 'Error', status: 404, message: 'Not found.' } },
        when: (req) => req.query.get('machineId') === 'gone',
      },
      { method: 'GET', path: '/machines/getMachinePublic/', status: 503, body: {} },
    ]);
    expect(await ps.get(ctx, 'gone')).toBeNull();
    const err = await ps.get(ctx, 'psx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect((err as ProviderHttpError).status).toBe(503);
  });
});

describe('paperspaceProvisioning start / stop / terminate', () => {
  it('posts start, stop and destroyMachine (releasing the public IP)', async () => {
    // documented: each answers 204 with no body
    const { ctx, requests } = await over([
      { method: 'POST', path: '/machines/psbtuwfvt/start/', status: 204, body: '' },
      { method: 'POST', path: '/machines/psbtuwfvt/stop/', status: 204, body: '' },
      { method: 'POST', path: '/machines/psbtuwfvt/destroyMachine/', status: 204, body: '' },
    ]);
    await ps.start(ctx, 'psbtuwfvt');
    await ps.stop(ctx, 'psbtuwfvt');
    await ps.terminate(ctx, 'psbtuwfvt');
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /machines/psbtuwfvt/start/',
      'POST /machines/psbtuwfvt/stop/',
      'POST /machines/psbtuwfvt/destroyMachine/',
    ]);
    for (const req of requests) expectAuth(req);
    expect(JSON.parse(requests[2]?.body ?? '{}')).toEqual({ releasePublicIp: true });
  });

  it('treats a 404 on terminate as already gone, and keeps a 5xx on stop', async () => {
    const { ctx } = await over([
      {
        method: 'POST',
        path: '/machines/gone/destroyMachine/',
        status: 404,
        body: { error: { status: 404 } },
      },
      { method: 'POST', path: '/machines/psx/stop/', status: 500, body: {} },
    ]);
    await expect(ps.terminate(ctx, 'gone')).resolves.toBeUndefined();
    const err = await ps.stop(ctx, 'psx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect((err as ProviderHttpError).status).toBe(500);
  });

  it('is wired into the catalog adapter', () => {
    expect(paperspaceAdapter.provisioning).toBe(ps);
    expect(paperspaceAdapter.supportsProvisioning).toBe(true);
  });
});
