import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signUp } from '../support/authz-matrix.js';

// A pod's whole life through HTTP in SANDBOX: draft → estimate → deploy (idempotent) → the
// provisioning worker (real pg-boss jobs, simulated provider) → activation e-mail → activate →
// stop/start → terminate; fail-over when a provider has no capacity; dashboard and activity.
const ADMIN = { email: 'pods-admin@example.com', password: 'pods admin passphrase' };
let t: TestApp;
let token: string;
let adminToken: string;

const call = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url: `/api/v2${url}`,
    headers: { authorization: `Bearer ${token}`, ...headers },
    ...(payload ? { payload } : {}),
  });
const setParameter = async (key: string, value: unknown) => {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v2/config/pods/local/parameters/${key}`,
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { sandbox_value: value },
  });
  expect(res.statusCode, res.body).toBe(200);
};
type Offer = { id: string; provider: string; gpu_model: string; gpu_count: number; price_per_hour: number };
const offersOf = async (query: string) => (await call('GET', `/offers?${query}`)).json().items as Offer[];
const waitFor = (podId: string, status: string) =>
  expect
    .poll(async () => (await call('GET', `/pods/${podId}`)).json().status, { timeout: 15_000, interval: 100 })
    .toBe(status);

beforeAll(async () => {
  t = await createTestApp({
    ...(process.env.DEBUG_PODS ? { logger: (await import('pino')).default({ level: 'error' }) } : {}),
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  for (const id of ['lambda', 'runpod', 'vast']) {
    expect((await t.modules.catalog.sync.syncProvider(id)).ok).toBe(true);
  }
  token = await signUp(t.app, 'pods-user@example.com', 'pods user passphrase');
  adminToken = (await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN })).json()
    .access_token;
  await setParameter('pods.sandbox.provision_delay_ms', 0);
  await setParameter('pods.poll_seconds', 1);
});
afterAll(async () => {
  await t?.close();
});

describe('pods in SANDBOX', () => {
  it('configures, deploys once per Idempotency-Key, provisions, activates by e-mail, stops, starts and terminates', async () => {
    const [offer] = await offersOf('provider=lambda&available=true&sort=price&limit=1');
    expect(offer).toBeDefined();
    const estimate = await call('POST', '/pods/estimate', { offer_id: offer!.id, storage_gb: 73 });
    expect(estimate.statusCode, estimate.body).toBe(200);
    // Free plan: 15 % markup; storage 73 GB × $0.10 / 730 h = $0.01 per hour.
    const e = estimate.json();
    expect(e.breakdown.provider).toBe(offer!.price_per_hour);
    expect(e.breakdown.markup).toBeCloseTo(offer!.price_per_hour * 0.15, 4);
    expect(e.breakdown.storage).toBe(0.01);
    // per_day is computed from the unrounded hourly total: within a cent of 24 × the rounded per_hour.
    expect(e.per_day).toBeCloseTo(e.per_hour * 24, 2);

    const draft = await call('POST', '/pods/drafts', {
      name: 'train-1',
      offer_id: offer!.id,
      storage_gb: 73,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const draftId = draft.json().id;
    const key = { 'idempotency-key': 'deploy-train-1' };
    const first = await call('POST', `/pods/drafts/${draftId}/deploy`, undefined, key);
    expect(first.statusCode, first.body).toBe(202);
    const pod = first.json().pod;
    expect(pod).toMatchObject({ status: 'pending', name: 'train-1', provider: 'lambda', mode: 'SANDBOX' });
    const again = await call('POST', `/pods/drafts/${draftId}/deploy`, undefined, key);
    expect(again.statusCode).toBe(202);
    expect(again.json().pod.id).toBe(pod.id);

    await waitFor(pod.id, 'ready');
    // A second link on request (e.g. the first mail was lost); both work until one is used.
    expect((await call('POST', `/pods/${pod.id}/activation`)).statusCode).toBe(202);
    const mail = await t.app.inject({
      method: 'GET',
      url: '/api/v2/dev/mailbox?to=pods-user@example.com',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const activations = mail
      .json()
      .items.filter((m: { subject: string }) => m.subject === 'Your pod train-1 is ready to activate');
    expect(activations).toHaveLength(2);
    const [link, otherLink] = activations.map(
      (m: { text: string }) => /token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1],
    );
    expect(link).toBeDefined();
    expect(otherLink).not.toBe(link);
    const activated = await t.app.inject({
      method: 'POST',
      url: '/api/v2/pods/activate',
      payload: { token: link },
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const running = activated.json().pod;
    expect(running.status).toBe('running');
    expect(running.connection.ssh).toMatchObject({ user: 'root', port: expect.any(Number) });
    expect(running.connection.ssh.command).toBe(
      `ssh -p ${running.connection.ssh.port} root@${running.connection.ssh.host}`,
    );
    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/v2/pods/activate',
      payload: { token: link },
    });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('token_expired');

    expect((await call('POST', `/pods/${pod.id}/stop`)).json().pod.status).toBe('stopped');
    expect((await call('POST', `/pods/${pod.id}/stop`)).statusCode).toBe(409);
    expect((await call('POST', `/pods/${pod.id}/start`)).json().pod.status).toBe('running');
    const terminated = await call('DELETE', `/pods/${pod.id}`);
    expect(terminated.json().pod).toMatchObject({ status: 'terminated', connection: null });
    expect(terminated.json().pod.status_history.map((h: { status: string }) => h.status)).toEqual([
      'pending',
      'provisioning',
      'provisioning',
      'ready',
      'running',
      'stopped',
      'running',
      'terminated',
    ]);
    const activity = (await call('GET', '/activity')).json().items.map((a: { action: string }) => a.action);
    expect(activity.slice(0, 5)).toEqual([
      'pod.terminate',
      'pod.start',
      'pod.stop',
      'pod.activate',
      'pod.deploy',
    ]);
  });

  it('refuses a draft beyond the offer and a reused key with another draft', async () => {
    const [offer] = await offersOf('provider=lambda&sort=price&limit=1');
    const bad = await call('POST', '/pods/drafts', {
      name: 'too-big',
      offer_id: offer!.id,
      vcpus: 1000,
      storage_gb: 5_000,
      ssh_public_key: 'ssh-dss AAAAB3NzaC1kc3MAAACBAP',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/ssh_public_key', '/body/storage_gb', '/body/vcpus']);
    const a = (await call('POST', '/pods/drafts', { name: 'a', offer_id: offer!.id })).json().id;
    const b = (await call('POST', '/pods/drafts', { name: 'b', offer_id: offer!.id })).json().id;
    const key = { 'idempotency-key': 'one-key-two-drafts' };
    expect((await call('POST', `/pods/drafts/${a}/deploy`, undefined, key)).statusCode).toBe(202);
    const conflict = await call('POST', `/pods/drafts/${b}/deploy`, undefined, key);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('idempotency_conflict');
  });

  it('fails over to the next equivalent offer when a provider has no capacity, and fails when none is left', async () => {
    // Terminate what earlier tests left running (free plan: one active pod).
    for (const p of (await call('GET', '/pods')).json().items as Array<{ id: string; status: string }>)
      if (!['terminated', 'failed'].includes(p.status)) await call('DELETE', `/pods/${p.id}`);
    await setParameter('providers.runpod.sim.capacity_rate', 1);
    const offers = await offersOf('provider=runpod&available=true&sort=price&limit=50');
    const target = offers.find((o) => o.gpu_model === 'RTX-4090') ?? offers[0]!;
    const draft = (await call('POST', '/pods/drafts', { name: 'failover', offer_id: target.id })).json().id;
    const pod = (await call('POST', `/pods/drafts/${draft}/deploy`)).json().pod;
    await expect
      .poll(async () => (await call('GET', `/pods/${pod.id}`)).json().status, {
        timeout: 15_000,
        interval: 100,
      })
      .toMatch(/^(ready|failed)$/);
    const final = (await call('GET', `/pods/${pod.id}`)).json();
    const details = final.status_history.map((h: { detail: string }) => h.detail).join('\n');
    expect(details).toContain(`no capacity on runpod for ${target.id}`);
    if (final.status === 'ready') expect(final.provider).not.toBe('runpod');
    else expect(final.status_detail).toMatch(/no other .* offer within the price ceiling|gave up after/);
    await setParameter('providers.runpod.sim.capacity_rate', 0);
  });
});
