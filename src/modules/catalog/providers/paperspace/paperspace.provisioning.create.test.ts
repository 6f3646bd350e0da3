import { afterEach, describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../catalog.types.js';
import { ProviderCapacityError } from '../../provisioning.types.js';
import type { RecordedRequest } from '../recorded-server.test-support.js';
import { paperspaceProvisioning as ps } from './paperspace.provisioning.js';
import { closeServers, KEY, over, spec } from './paperspace.provisioning.test-support.js';

afterEach(closeServers);

const AVAILABILITY = {
  method: 'GET',
  path: '/machines/getAvailability/',
  file: 'paperspace/machines-getAvailability.json',
};
const CREATE_PATH = '/machines/createSingleMachinePublic/';
// documented shape, not recorded (paperspace-node scripts.create example return value)
const SCRIPT = {
  method: 'POST',
  path: '/scripts/createScript',
  body: { id: 'sc123abc', ownerType: 'user', name: 'gpb-pod1-ssh-key', isEnabled: true, runOnce: true },
};

const expectAuth = (req: RecordedRequest | undefined) => expect(req?.headers['x-api-key']).toBe('test-key');

describe('paperspaceProvisioning.create', () => {
  it('checks availability, registers the key script and creates the machine (recorded bodies)', async () => {
    const { ctx, requests } = await over([
      AVAILABILITY,
      SCRIPT,
      { method: 'POST', path: CREATE_PATH, file: 'paperspace/machines-createSingleMachinePublic.json' },
    ]);

    // Recorded create body: id psclbvqpc, state provisioning, publicIpAddress null.
    expect(await ps.create(ctx, spec)).toEqual({
      instanceId: 'psclbvqpc',
      state: 'creating',
      ssh: null,
      jupyter: null,
      providerStatus: 'provisioning',
    });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /machines/getAvailability/',
      'POST /scripts/createScript',
      `POST ${CREATE_PATH}`,
    ]);
    const [availability, script, create] = requests;
    for (const req of requests) expectAuth(req);
    expect(availability?.query.get('region')).toBe('East Coast (NY2)');
    expect(availability?.query.get('machineType')).toBe('A100-80Gx4');

    const scriptBody = JSON.parse(script?.body ?? '{}');
    expect(Object.keys(scriptBody).sort()).toEqual([
      'isEnabled',
      'runOnce',
      'scriptDescription',
      'scriptName',
      'scriptText',
    ]);
    expect(scriptBody.scriptName).toBe('gpb-pod1-ssh-key');
    expect(scriptBody.isEnabled).toBe(true);
    expect(scriptBody.runOnce).toBe(true);
    expect(scriptBody.scriptDescription).toBe('GPUBROKER SSH key for gpb-pod1');
    expect(scriptBody.scriptText).toContain(`echo '${KEY}' >> /home/paperspace/.ssh/authorized_keys`);
    expect(scriptBody.scriptText).toContain('chown -R paperspace:paperspace /home/paperspace/.ssh');

    expect(create?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(create?.body ?? '{}');
    expect(body.region).toBe('East Coast (NY2)');
    expect(body.machineType).toBe('A100-80Gx4');
    expect(body.size).toBe(100); // 80 GB rounded up to a Paperspace disk size
    expect(body.billingType).toBe('hourly');
    expect(body.machineName).toBe('gpb-pod1');
    expect(body.templateId).toBe('t0nspur5'); // default: not a template id
    expect(body.assignPublicIp).toBe(true);
    expect(body.startOnCreate).toBe(true);
    expect(body.scriptId).toBe('sc123abc');
    expect(Object.keys(body)).toHaveLength(9);
  });

  it('takes a template id as image and sends no script without a key', async () => {
    const { ctx, requests } = await over([
      AVAILABILITY,
      { method: 'POST', path: CREATE_PATH, file: 'paperspace/machines-createSingleMachinePublic.json' },
    ]);
    await ps.create(ctx, { ...spec, image: 'tvimtol9', sshPublicKey: null, storageGb: 2500 });
    expect(requests.map((r) => r.path)).toEqual(['/machines/getAvailability/', CREATE_PATH]);
    const body = JSON.parse(requests[1]?.body ?? '{}');
    expect(body.templateId).toBe('tvimtol9');
    expect(body.size).toBe(2000);
    expect('scriptId' in body).toBe(false);
  });

  it('throws ProviderCapacityError when getAvailability says unavailable, before creating', async () => {
    const { ctx, requests } = await over([
      { method: 'GET', path: '/machines/getAvailability/', body: { available: false } },
    ]);
    await expect(ps.create(ctx, spec)).rejects.toBeInstanceOf(ProviderCapacityError);
    expect(requests).toHaveLength(1);
  });

  const refusedWith = (status: number, body: unknown) => ({
    method: 'POST',
    path: CREATE_PATH,
    status,
    body,
  });

  it('maps a create refused for capacity (message in the error body) to ProviderCapacityError', async () => {
    const refusals = [
      // documented shape, not recorded (gradient-cli error body; message as Paperspace words it)
      {
        error: {
          name: 'Error',
          status: 400,
          message: 'We are currently out of capacity for the selected VM type. Try again in a few minutes.',
        },
      },
      // documented shape, not recorded (top-level `message`, the other shape the API answers)
      { message: 'We are experiencing higher than normal demand for this machine type.' },
    ];
    for (const body of refusals) {
      const { ctx, requests } = await over([AVAILABILITY, SCRIPT, refusedWith(400, body)]);
      const err = await ps.create(ctx, spec).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderCapacityError);
      expect((err as ProviderCapacityError).provider).toBe('paperspace');
      expect((err as Error).message).toBe(`paperspace: no capacity (${CREATE_PATH} answered 400)`);
      // The create went through the context's client: the same headers as the calls before it.
      expect(requests.map((r) => r.path)).toEqual([
        '/machines/getAvailability/',
        '/scripts/createScript',
        CREATE_PATH,
      ]);
      for (const req of requests) {
        expectAuth(req);
        expect(req.headers['user-agent']).toBe('gpubroker-test/1');
        expect(req.headers.accept).toBe('application/json');
      }
    }
  });

  it('keeps another create refusal a ProviderHttpError with its status', async () => {
    const refusals: Array<[number, unknown]> = [
      // documented shape, not recorded (gradient-cli test: wrong template id)
      [400, { error: { name: 'Error', status: 400, message: 'templateId not found' } }],
      // documented shape, not recorded (billing refusal: not capacity)
      [402, { error: { name: 'Error', status: 402, message: 'Payment method required' } }],
      [400, ''],
    ];
    for (const [status, body] of refusals) {
      const { ctx, requests } = await over([AVAILABILITY, SCRIPT, refusedWith(status, body)]);
      const err = await ps.create(ctx, spec).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderHttpError);
      expect(err).not.toBeInstanceOf(ProviderCapacityError);
      expect((err as ProviderHttpError).status).toBe(status);
      expect(requests[2]?.headers['user-agent']).toBe('gpubroker-test/1');
    }
  });
});
