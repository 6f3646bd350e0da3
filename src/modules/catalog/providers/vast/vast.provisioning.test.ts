import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../catalog.types.js';
import { type InstanceSpec, ProviderCapacityError } from '../../provisioning.types.js';
import { vastProvisioning as vast } from './vast.provisioning.js';
import { failure, KEY, ok, RENT, spec } from './vast.provisioning.test-support.js';

describe('vastProvisioning.create', () => {
  it('rents the ask on-demand (recorded answer) and attaches the SSH key to the new instance', async () => {
    const { value, requests } = await ok(
      [
        RENT,
        // documented shape, not recorded (POST /instances/{id}/ssh/ 200)
        {
          method: 'POST',
          path: '/instances/12345678/ssh/',
          body: { success: true, msg: 'SSH key attached' },
        },
      ],
      (ctx) => vast.create(ctx, spec),
    );
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['PUT', '/asks/12345678/'],
      ['POST', '/instances/12345678/ssh/'],
    ]);
    for (const r of requests) {
      expect(r.headers.authorization).toBe('Bearer test-key');
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      image: 'pytorch/pytorch:latest',
      label: 'gpb-pod_7f3k',
      disk: 100,
      runtype: 'jupyter_direct',
    });
    expect(JSON.parse(requests[1]?.body ?? '')).toEqual({ ssh_key: KEY });
    // Recorded: {"success": true, "new_contract": 12345678, ...} → instance 12345678.
    expect(value).toEqual({
      instanceId: '12345678',
      state: 'creating',
      ssh: null,
      jupyter: null,
      providerStatus: 'created',
    });
  });

  it('rents a spot offer with the ask’s min_bid as price (recorded search), default image, 8 GB floor', async () => {
    const spot: InstanceSpec = {
      ...spec,
      providerOfferId: '12345678:spot',
      spot: true,
      image: '  ',
      storageGb: 4,
      ports: [22, 8000],
      sshPublicKey: null,
    };
    const { value, requests } = await ok(
      [{ method: 'POST', path: '/bundles/', file: 'vast/bundles.json' }, RENT],
      (ctx) => vast.create(ctx, spot),
    );
    expect(requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/bundles/'],
      ['PUT', '/asks/12345678/'],
    ]);
    expect(requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      id: { eq: 12345678 },
      rentable: { eq: true },
      rented: { eq: false },
      type: 'on-demand',
      limit: 1,
    });
    // bundles.json: id 12345678, min_bid 0.111111.
    expect(JSON.parse(requests[1]?.body ?? '')).toEqual({
      image: 'vastai/base-image:@vastai-automatic-tag',
      label: 'gpb-pod_7f3k',
      disk: 8,
      runtype: 'ssh_direct',
      env: { '-p 8000:8000': '1' },
      price: 0.111111,
    });
    expect(value.instanceId).toBe('12345678');
  });

  it.each([
    ['the ask is not found', { offers: [] }],
    ['the ask takes no bid', { offers: [{ id: 12345678, min_bid: 0 }] }],
  ])('a spot offer where %s → ProviderCapacityError, nothing rented', async (_why, body) => {
    const { error, requests } = await failure(
      [{ method: 'POST', path: '/bundles/', body }, RENT], // inline: documented shape, not recorded
      (ctx) => vast.create(ctx, { ...spec, providerOfferId: '12345678:spot', spot: true }),
    );
    expect(error).toBeInstanceOf(ProviderCapacityError);
    expect(requests.map((r) => r.path)).toEqual(['/bundles/']);
  });

  it.each([
    [404, 'error 404/3603: no_such_ask Instance type by id 12345678 is not available.', 'invalid_args'],
    [410, 'error 410/3907: no_such_ask Instance type 12345678 is no longer available.', 'no_such_ask'],
  ])(
    'a %i no_such_ask from the rent → ProviderCapacityError (no key attached)',
    async (status, msg, code) => {
      // documented shape, not recorded (create_instance.yaml 404 / 410 examples)
      const body = { success: false, error: code, msg, ask_id: 12345678 };
      const { error, requests } = await failure([{ ...RENT, file: undefined, status, body }], (ctx) =>
        vast.create(ctx, spec),
      );
      expect(error).toBeInstanceOf(ProviderCapacityError);
      expect((error as ProviderCapacityError).provider).toBe('vast');
      expect(requests).toHaveLength(1);
    },
  );

  it('other failures stay ProviderHttpError with their status; a malformed offer id sends nothing', async () => {
    const five = await failure([{ ...RENT, file: undefined, status: 503, body: {} }], (ctx) =>
      vast.create(ctx, spec),
    );
    expect(five.error).toBeInstanceOf(ProviderHttpError);
    expect(five.error).not.toBeInstanceOf(ProviderCapacityError);
    expect((five.error as ProviderHttpError).status).toBe(503);

    const bad = await failure([RENT], (ctx) =>
      vast.create(ctx, { ...spec, providerOfferId: 'gpu_1x_a10:x' }),
    );
    expect((bad.error as Error).message).toContain('not a Vast offer id');
    expect(bad.requests).toHaveLength(0);
  });
});
