import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetText } from '../../src/modules/catalog/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signUp } from '../support/authz-matrix.js';

// A pod deployed in LIVE goes to the provider's real API: here Lambda's, played by a small stateful
// server that answers with Lambda's recorded bodies (instance types, launch, instance, terminate),
// reached through the POD's providers.lambda.base_url and api_key parameters.
const ADMIN = { email: 'pods-live-admin@example.com', password: 'pods live admin passphrase' };
const POD = 'pods-live';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHHRoPC5Hz0ZVv6K1UGnMKDc2ur4ayMHAzRxhvHNo2nw live@test';
let t: TestApp;
let admin: string;
let user: string;
let lambda: Server;
const seen: Array<{ method: string; path: string; auth: string | undefined; body: unknown }> = [];

async function fakeLambda(): Promise<Server> {
  const body = async (file: string) => JSON.parse(await readDatasetText('provider-api', `lambda/${file}`));
  const types = await body('instance-types.json');
  const recorded = (await body('instances-id.json')).data;
  const launched = await body('instance-operations-launch.json');
  const terminated = await body('instance-operations-terminate.json');
  let instance: Record<string, unknown> | null = null;
  let gets = 0;
  return createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const path = (req.url ?? '').replace(/^\/api\/v1/, '');
      const sent = raw ? JSON.parse(raw) : null;
      seen.push({ method: req.method ?? '', path, auth: req.headers.authorization, body: sent });
      const reply = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (path === '/instance-types') return reply(200, types);
      if (path === '/ssh-keys' && req.method === 'GET') return reply(200, { data: [] });
      // Documented shape of POST /ssh-keys (no recorded body): the key registered under the name sent.
      if (path === '/ssh-keys')
        return reply(200, { data: { id: 'key-1', name: sent.name, public_key: sent.public_key } });
      if (path === '/instance-operations/launch') {
        instance = { ...recorded, name: sent.name, status: 'booting' };
        return reply(200, launched);
      }
      if (path === '/instances') return reply(200, { data: instance ? [instance] : [] });
      if (path === `/instances/${recorded.id}` && instance) {
        // Booting on the first look, active from the second: the worker polls until then.
        gets += 1;
        return reply(200, { data: { ...instance, status: gets > 1 ? 'active' : 'booting' } });
      }
      if (path === '/instance-operations/terminate') {
        instance = null;
        return reply(200, terminated);
      }
      return reply(404, { error: { code: 'global/object-does-not-exist', message: `no ${path}` } });
    });
  });
}

const call = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v2${url}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  lambda = await fakeLambda();
  await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({
    env: {
      GPUBROKER_ADMIN_EMAIL: ADMIN.email,
      GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
      GPUBROKER_POD_ID: POD,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://127.0.0.1:1',
    },
  });
  // Signed up in SANDBOX (auto-confirmed); LIVE would ask for e-mail confirmation.
  user = await signUp(t.app, 'pods-live@example.com', 'pods live passphrase');
  admin = (await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN })).json()
    .access_token;
  const base = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}/api/v1`;
  for (const [key, live_value] of [
    ['stripe.secret_key', 'sk_live_podslive123456'],
    ['stripe.webhook_secret', 'whsec_podslive123456'],
    ['providers.lambda.api_key', 'lambda-live-key'],
    ['providers.lambda.base_url', base],
    ['pods.poll_seconds', 1],
  ] as const) {
    const res = await call(admin, 'PUT', `/config/pods/${POD}/parameters/${key}`, { live_value });
    expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
  }
  const live = await call(admin, 'POST', `/config/pods/${POD}/switch-mode`, { mode: 'LIVE', confirm: POD });
  expect(live.statusCode, live.body).toBe(200);
  expect((await t.modules.catalog.sync.syncProvider('lambda')).ok).toBe(true);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => lambda?.close(resolve));
});

describe('pods in LIVE', () => {
  it('launches at the provider with the operator key, polls it to ready, and terminates it there', async () => {
    const offer =
      (await call(user, 'GET', '/offers?provider=lambda&available=true&gpu_model=A10-24GB&limit=1')).json()
        .items[0] ??
      (await call(user, 'GET', '/offers?provider=lambda&available=true&limit=1')).json().items[0];
    const draft = await call(user, 'POST', '/pods/drafts', {
      name: 'live-1',
      offer_id: offer.id,
      ssh_public_key: KEY,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const deployed = await call(user, 'POST', `/pods/drafts/${draft.json().id}/deploy`);
    expect(deployed.statusCode, deployed.body).toBe(202);
    const pod = deployed.json().pod;
    expect(pod.mode).toBe('LIVE');
    await expect
      .poll(async () => (await call(user, 'GET', `/pods/${pod.id}`)).json().status, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe('ready');

    const [type, region] = offer.provider_offer_id.split(':');
    const launch = seen.find((r) => r.path === '/instance-operations/launch');
    expect(launch).toEqual({
      method: 'POST',
      path: '/instance-operations/launch',
      auth: 'Bearer lambda-live-key',
      body: {
        region_name: region,
        instance_type_name: type,
        ssh_key_names: [`gpb-${pod.id}`],
        name: `gpb-${pod.id}`,
        quantity: 1,
      },
    });
    expect(seen.find((r) => r.path === '/ssh-keys' && r.method === 'POST')?.body).toEqual({
      name: `gpb-${pod.id}`,
      public_key: KEY,
    });
    expect(seen.every((r) => r.auth === 'Bearer lambda-live-key')).toBe(true);
    const ready = (await call(user, 'GET', `/pods/${pod.id}`)).json();
    expect(ready.status_history.map((h: { detail: string }) => h.detail)).toContain(
      'instance 0920582c7ff041399e34823a0be62549 at lambda (booting)',
    );

    // The activation e-mail went to a real (here unreachable) SMTP server: use a token of our own,
    // stored as the service stores one (its SHA-256).
    const token = 'live-activation-token-0123456789';
    await t.database.executeSql(
      `insert into pod_activation_tokens (token_hash, pod_id, user_id, expires_at, created_at)
       values ($1, $2, (select user_id from pods where id = $2), now() + interval '1 hour', now())`,
      [createHash('sha256').update(token).digest('hex'), pod.id],
    );
    const activated = await t.app.inject({
      method: 'POST',
      url: '/api/v2/pods/activate',
      payload: { token },
    });
    expect(activated.statusCode, activated.body).toBe(200);
    // From Lambda's recorded instance: ip 198.51.100.2, user ubuntu, its Jupyter URL and token.
    expect(activated.json().pod.connection).toEqual({
      ssh: { host: '198.51.100.2', port: 22, user: 'ubuntu', command: 'ssh -p 22 ubuntu@198.51.100.2' },
      jupyter: {
        url: 'https://jupyter-249e1ccff1894822af39ac822637f881.lambdaspaces.com/?token=03b7d30d9d3e4d8fa41657bc0d478c1b',
        token: '03b7d30d9d3e4d8fa41657bc0d478c1b',
      },
    });
    // Lambda has no stop: a 409 that says so, not a 503 to retry.
    const stop = await call(user, 'POST', `/pods/${pod.id}/stop`);
    expect(stop.statusCode).toBe(409);
    expect(stop.json().detail).toMatch(/^lambda cannot stop this pod: /);

    const terminated = await call(user, 'DELETE', `/pods/${pod.id}`);
    expect(terminated.json().pod.status).toBe('terminated');
    expect(seen.at(-1)).toMatchObject({
      path: '/instance-operations/terminate',
      body: { instance_ids: ['0920582c7ff041399e34823a0be62549'] },
    });
  });
});
