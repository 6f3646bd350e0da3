import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signUp } from '../support/authz-matrix.js';

// The refusals of the pods API, each with its problem code: what a client must handle.
const ADMIN = { email: 'pods-errors-admin@example.com', password: 'pods errors admin passphrase' };
let t: TestApp;
let alice: string;
let bob: string;
let admin: string;
let offerId: string;

const call = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v2${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const draftOf = async (token: string, name: string, offer = offerId) => {
  const res = await call(token, 'POST', '/pods/drafts', { name, offer_id: offer });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await createTestApp({
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  expect((await t.modules.catalog.sync.syncProvider('lambda')).ok).toBe(true);
  alice = await signUp(t.app, 'pods-alice@example.com', 'pods alice passphrase');
  bob = await signUp(t.app, 'pods-bob@example.com', 'pods bob passphrase');
  admin = (await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN })).json()
    .access_token;
  offerId = (
    await t.app.inject({ method: 'GET', url: '/api/v2/offers?provider=lambda&available=true&limit=1' })
  ).json().items[0].id;
});
afterAll(async () => {
  await t?.close();
});

describe('pods API refusals', () => {
  it('keeps drafts and pods to their owner (404 for anyone else)', async () => {
    const draft = await draftOf(alice, 'alice-only');
    expect((await call(bob, 'GET', `/pods/drafts/${draft}`)).statusCode).toBe(404);
    expect((await call(bob, 'POST', `/pods/drafts/${draft}/deploy`)).statusCode).toBe(404);
    const pod = (await call(alice, 'POST', `/pods/drafts/${draft}/deploy`)).json().pod.id;
    for (const [method, url] of [
      ['GET', `/pods/${pod}`],
      ['POST', `/pods/${pod}/stop`],
      ['DELETE', `/pods/${pod}`],
    ] as const)
      expect((await call(bob, method, url)).json().code, `${method} ${url}`).toBe('not_found');
    expect((await call(bob, 'GET', '/pods')).json().items).toEqual([]);
    expect((await call(alice, 'DELETE', `/pods/${pod}`)).statusCode).toBe(200);
  });

  it('holds the plan limit of active pods (403 plan_limit_reached), counting only pods not over', async () => {
    const first = (await call(alice, 'POST', `/pods/drafts/${await draftOf(alice, 'one')}/deploy`)).json().pod
      .id;
    const second = await call(alice, 'POST', `/pods/drafts/${await draftOf(alice, 'two')}/deploy`);
    expect(second.statusCode).toBe(403);
    expect(second.json()).toMatchObject({
      code: 'plan_limit_reached',
      detail: expect.stringContaining('free plan allows 1'),
    });
    expect((await call(alice, 'DELETE', `/pods/${first}`)).statusCode).toBe(200);
    const third = await call(alice, 'POST', `/pods/drafts/${await draftOf(alice, 'three')}/deploy`);
    expect(third.statusCode).toBe(202);
    expect((await call(alice, 'DELETE', `/pods/${third.json().pod.id}`)).statusCode).toBe(200);
  });

  it('answers 409 to a move the pod cannot make, and terminates once', async () => {
    const pod = (await call(alice, 'POST', `/pods/drafts/${await draftOf(alice, 'moves')}/deploy`)).json().pod
      .id;
    expect((await call(alice, 'POST', `/pods/${pod}/start`)).json().code).toBe('conflict');
    expect((await call(alice, 'DELETE', `/pods/${pod}`)).statusCode).toBe(200);
    const again = await call(alice, 'DELETE', `/pods/${pod}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('terminated');
  });

  it('refuses an unknown offer, and a draft whose offer left the catalog', async () => {
    const estimate = await call(alice, 'POST', '/pods/estimate', { offer_id: 'ofr_nope' });
    expect(estimate.statusCode).toBe(422);
    expect(estimate.json().errors).toEqual([{ path: '/body/offer_id', message: 'no such offer' }]);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v2/admin/catalog/import?provider=short-lived&format=skypilot',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      payload:
        'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
        'sl-1,H100,1,16,64,2.5,us-east-1,H100,\n',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const offer = (await call(alice, 'GET', '/offers?provider=short-lived')).json().items[0].id;
    const draft = await draftOf(alice, 'orphan', offer);
    await t.app.inject({
      method: 'POST',
      url: '/api/v2/admin/catalog/import?provider=short-lived&format=skypilot',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      payload:
        'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n',
    });
    const deploy = await call(alice, 'POST', `/pods/drafts/${draft}/deploy`);
    expect(deploy.statusCode).toBe(422);
    expect(deploy.json().errors).toEqual([{ path: '/draft/offer_id', message: 'is no longer listed' }]);
  });

  it('keeps the price ceiling the user set, and refuses one below the offer', async () => {
    const offer = (await call(alice, 'GET', `/offers/${offerId}`)).json();
    const low = await call(alice, 'POST', '/pods/drafts', {
      name: 'cheap',
      offer_id: offerId,
      max_price_per_hour: offer.price_per_hour / 2,
    });
    expect(low.statusCode).toBe(422);
    expect(low.json().errors).toEqual([
      {
        path: '/body/max_price_per_hour',
        message: expect.stringContaining("must be at least the offer's price"),
      },
    ]);
    const ceiling = Math.round(offer.price_per_hour * 1.5 * 1e4) / 1e4;
    const draft = await call(alice, 'POST', '/pods/drafts', {
      name: 'capped',
      offer_id: offerId,
      max_price_per_hour: ceiling,
    });
    expect(draft.json().max_price_per_hour).toBe(ceiling);
    const pod = (await call(alice, 'POST', `/pods/drafts/${draft.json().id}/deploy`)).json().pod;
    expect(pod.max_price_per_hour).toBe(ceiling);
    expect((await call(alice, 'DELETE', `/pods/${pod.id}`)).statusCode).toBe(200);
    // null clears it (not coerced to 0): the platform's margin applies again.
    const cleared = await call(alice, 'PUT', `/pods/drafts/${draft.json().id}`, {
      name: 'capped',
      offer_id: offerId,
      max_price_per_hour: null,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().max_price_per_hour).toBeNull();
  });

  it('refuses a pasted private key and names the field', async () => {
    const res = await call(alice, 'POST', '/pods/drafts', {
      name: 'keys',
      offer_id: offerId,
      ssh_public_key:
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      path: '/body/ssh_public_key',
      message: expect.stringMatching(/private/i),
    });
  });

  it('retries a provider answering 5xx while provisioning, and carries on once it answers', async () => {
    const setLambda = (key: string, value: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v2/config/pods/local/parameters/providers.lambda.${key}`,
        headers: { authorization: `Bearer ${admin}` },
        payload: { sandbox_value: value },
      });
    expect((await setLambda('sim.error_rate', 1)).statusCode).toBe(200);
    const pod = (await call(alice, 'POST', `/pods/drafts/${await draftOf(alice, 'flaky')}/deploy`)).json().pod
      .id;
    // The worker picks it up (how soon depends on the machine's load), then retries the 5xx a while.
    await expect
      .poll(async () => (await call(alice, 'GET', `/pods/${pod}`)).json().status, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('provisioning');
    await new Promise((r) => setTimeout(r, 2_500));
    const waiting = (await call(alice, 'GET', `/pods/${pod}`)).json();
    // Still trying the same offer: a 5xx is not a reason to move, let alone to fail.
    expect(waiting).toMatchObject({ status: 'provisioning', attempts: 1 });
    expect((await setLambda('sim.error_rate', 0)).statusCode).toBe(200);
    await expect
      .poll(async () => (await call(alice, 'GET', `/pods/${pod}`)).json().status, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe('ready');
    expect((await call(alice, 'DELETE', `/pods/${pod}`)).statusCode).toBe(200);
  });
});
