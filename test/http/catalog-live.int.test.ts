import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetText } from '../../src/modules/catalog/index.js';
import { createTestApp, type TestApp } from '../support/app.js';

// The catalog in LIVE mode: providers are called over HTTP with the operator's keys (here Lambda,
// pointed by its base_url parameter at a local server answering with its recorded real body), and a
// provider whose key is not set is not called at all.
const ADMIN = { email: 'live-catalog@example.com', password: 'live catalog passphrase' };
const POD = 'catalog-live';
let t: TestApp;
let token: string;
let lambda: Server;
const lambdaRequests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
const setLive = async (key: string, value: unknown) => {
  const res = await call('PUT', `/api/v2/config/pods/${POD}/parameters/${key}`, { live_value: value });
  expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
};

beforeAll(async () => {
  const body = await readDatasetText('provider-api', 'lambda/instance-types.json');
  lambda = createServer((req, res) => {
    lambdaRequests.push({ url: req.url ?? '', headers: req.headers });
    if (req.url !== '/api/v1/instance-types') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({
    env: {
      GPUBROKER_ADMIN_EMAIL: ADMIN.email,
      GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
      GPUBROKER_POD_ID: POD,
      // LIVE needs a delivering mail transport; nothing listens there (no mail is sent here).
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://127.0.0.1:1',
    },
  });
  token = (await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN })).json()
    .access_token;
  await setLive('stripe.secret_key', 'sk_live_catalogtest123456');
  await setLive('stripe.webhook_secret', 'whsec_catalogtest123456');
  await setLive('providers.lambda.api_key', 'lambda-live-key');
  await setLive(
    'providers.lambda.base_url',
    `http://127.0.0.1:${(lambda.address() as AddressInfo).port}/api/v1`,
  );
  const switched = await call('POST', `/api/v2/config/pods/${POD}/switch-mode`, {
    mode: 'LIVE',
    confirm: POD,
  });
  expect(switched.statusCode, switched.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => lambda?.close(resolve));
});

describe('catalog in LIVE mode', () => {
  it('syncs a provider from its API with the operator key and serves its real offers', async () => {
    const report = await t.modules.catalog.sync.syncProvider('lambda');
    expect(report).toMatchObject({ ok: true, status: 'healthy', received: 36, inserted: 36 });
    expect(lambdaRequests).toEqual([
      {
        url: '/api/v1/instance-types',
        headers: expect.objectContaining({ authorization: 'Bearer lambda-live-key' }),
      },
    ]);
    const items = (await call('GET', '/api/v2/offers?provider=lambda&limit=100')).json().items as Array<{
      provider_offer_id: string;
      price_per_hour: number;
      availability: string;
    }>;
    expect(items).toHaveLength(36);
    // The recorded body: gpu_1x_a10 at 75 cents per hour, capacity in us-east-1 and us-west-1; no
    // SANDBOX drift in LIVE.
    expect(items.find((o) => o.provider_offer_id === 'gpu_1x_a10:us-east-1')).toMatchObject({
      price_per_hour: 0.75,
      availability: 'available',
    });
    expect(items.filter((o) => o.availability === 'available')).toHaveLength(27);
  });

  it('does not call a provider whose key is not set: down, not_configured, breaker closed', async () => {
    for (let i = 0; i < 4; i++) {
      const report = await t.modules.catalog.sync.syncProvider('vast', { fresh: true });
      expect(report).toMatchObject({ ok: false, status: 'down', circuit: 'closed' });
    }
    const vast = (await call('GET', '/api/v2/providers'))
      .json()
      .items.find((p: { id: string }) => p.id === 'vast');
    expect(vast).toMatchObject({ status: 'down', circuit: 'closed' });
    expect(vast.last_error).toBe(
      'not_configured: vast: no API key; set providers.vast.api_key or disable the provider',
    );
  });
});
