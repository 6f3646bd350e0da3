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

const PROVIDERS = ['lambda', 'runpod', 'vast'];

async function terminateAll() {
  // Free plan: one active pod at a time.
  for (const p of (await call('GET', '/pods?limit=200')).json().items as Array<{
    id: string;
    status: string;
  }>)
    if (!['terminated', 'failed'].includes(p.status)) await call('DELETE', `/pods/${p.id}`);
}
async function deployOffer(offerId: string, name: string) {
  const draft = (await call('POST', '/pods/drafts', { name, offer_id: offerId })).json().id;
  const res = await call('POST', `/pods/drafts/${draft}/deploy`);
  expect(res.statusCode, res.body).toBe(202);
  return res.json().pod as { id: string };
}
/**
 * The cheapest available Lambda offer, and an equivalent one imported for a catalog-only provider
 * at 10 % less, so it ranks first among the untried offers: a fail-over always goes there next.
 */
async function failoverPair(): Promise<{ first: Offer; second: Offer }> {
  const [first] = await offersOf('provider=lambda&available=true&sort=price&limit=1');
  const csv =
    'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
    `fo-${first!.gpu_count}x,${first!.gpu_model},${first!.gpu_count},16,64,${(first!.price_per_hour * 0.9).toFixed(4)},us-east-1,${first!.gpu_model},\n`;
  const imported = await t.app.inject({
    method: 'POST',
    url: '/api/v2/admin/catalog/import?provider=failover-cloud&format=skypilot',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(imported.statusCode, imported.body).toBe(200);
  const [second] = await offersOf('provider=failover-cloud&limit=1');
  expect(second).toMatchObject({ gpu_model: first!.gpu_model, gpu_count: first!.gpu_count });
  return { first: first!, second: second! };
}

beforeAll(async () => {
  t = await createTestApp({
    ...(process.env.DEBUG_PODS ? { logger: (await import('pino')).default({ level: 'error' }) } : {}),
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  for (const id of PROVIDERS) {
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
    // Rounded to 4 decimals by the server: a half-way value (0.757 × 0.15 = 0.11355) rounds up.
    expect(Math.abs(e.breakdown.markup - offer!.price_per_hour * 0.15)).toBeLessThanOrEqual(0.00005 + 1e-9);
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
    // Spend is what Billing metered from the usage events: let the relay deliver the last ones.
    await t.platform.events.relay.drain();
    const dashboard = (await call('GET', '/dashboard')).json();
    expect(dashboard.pods).toEqual({ running: 0, active: 0, total: 1 });
    expect(dashboard.active_pods).toEqual([]);
    expect(dashboard.recent_activity[0]).toMatchObject({ action: 'pod.terminate', target_id: pod.id });
    expect(dashboard.providers.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(PROVIDERS));
    // Seconds of running at a few dollars an hour: under a cent, nothing projected for a terminated pod.
    expect(dashboard.spend.month_to_date).toBeLessThan(0.01);
    expect(dashboard.spend.projected_month).toBe(dashboard.spend.month_to_date);
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

  it('fails over to an equivalent offer of another provider when the first has no capacity', async () => {
    await terminateAll();
    const { first, second } = await failoverPair();
    await setParameter(`providers.${first.provider}.sim.capacity_rate`, 1);
    try {
      const pod = await deployOffer(first.id, 'failover');
      await waitFor(pod.id, 'ready');
      const ready = (await call('GET', `/pods/${pod.id}`)).json();
      // The best-value untried offer within 20 % of the first price: the pair was chosen so one exists.
      expect(ready.provider).not.toBe(first.provider);
      expect(ready.gpu_model).toBe(first.gpu_model);
      expect(ready.gpu_count).toBe(first.gpu_count);
      expect(ready.offer.price_per_hour).toBeLessThanOrEqual(
        Math.round(first.price_per_hour * 1.2 * 1e4) / 1e4,
      );
      // Other Lambda offers of the model (other regions) may be tried first: they fail the same way.
      expect(ready.attempts).toBeGreaterThanOrEqual(2);
      expect(ready.attempts).toBeLessThanOrEqual(3);
      const failover = ready.status_history.find((h: { detail: string }) =>
        h.detail?.includes('attempt 2 of 3'),
      );
      expect(failover.detail).toMatch(
        new RegExp(`^no capacity on lambda for ${first.id}; trying ofr_\\w+ on \\S+ \\(attempt 2 of 3\\)$`),
      );
      const last = ready.status_history
        .filter((h: { detail: string }) => h.detail?.includes(' of 3)'))
        .at(-1);
      expect(last.detail).toContain(
        `trying ${ready.offer.id} on ${ready.provider} (attempt ${ready.attempts} of 3)`,
      );
      expect(second.gpu_model).toBe(first.gpu_model);
    } finally {
      await setParameter(`providers.${first.provider}.sim.capacity_rate`, 0);
    }
  });

  it('fails with the reason when every equivalent offer is out of capacity', async () => {
    await terminateAll();
    const { first } = await failoverPair();
    for (const id of PROVIDERS) await setParameter(`providers.${id}.sim.capacity_rate`, 1);
    // The imported provider has no fault parameters: take its offer away instead.
    await t.app.inject({
      method: 'POST',
      url: '/api/v2/admin/catalog/import?provider=failover-cloud&format=skypilot',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
      payload:
        'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n',
    });
    try {
      const pod = await deployOffer(first.id, 'all-out');
      await waitFor(pod.id, 'failed');
      const failed = (await call('GET', `/pods/${pod.id}`)).json();
      expect(failed.status_detail).toMatch(
        new RegExp(
          `^no capacity on \\w+ for ofr_\\w+; (gave up after 3 offer\\(s\\)|no other ${first.gpu_model} ×${first.gpu_count} offer within the price ceiling)$`,
        ),
      );
      expect(failed.status_history.at(-1)).toMatchObject({ status: 'failed', detail: failed.status_detail });
      const activity = (await call('GET', '/activity?limit=1')).json().items[0];
      expect(activity).toMatchObject({ action: 'pod.failed', target_id: pod.id });
    } finally {
      for (const id of PROVIDERS) await setParameter(`providers.${id}.sim.capacity_rate`, 0);
    }
  });
});
