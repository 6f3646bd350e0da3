import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { readDatasetText } from '../../src/modules/catalog/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { logIn, register } from '../support/authz-matrix.js';
import { type FakeStripe, startFakeStripe } from '../support/fake-stripe.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

// Billing in LIVE through the real server: the Stripe SDK talks over HTTP to the fake Stripe (set as
// the POD's stripe.api_base_url), webhooks are signed as Stripe signs them, and LIVE mail goes to a
// real SMTP server. Shared by billing-live*.int.test.ts.
export const ADMIN = { email: 'billing-live-admin@example.com', password: 'billing live admin passphrase' };
export const ALICE = { email: 'billing-alice@example.com', password: 'billing alice passphrase' };
export const BOB = { email: 'billing-bob@example.com', password: 'billing bob passphrase' };
export const POD = 'billing-live';
export const WHSEC = 'whsec_billinglive0123456789';
export const PK = 'pk_test_billinglive0123456789';
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** What `app.inject` answers, as the tests read it. */
type Reply = Awaited<ReturnType<typeof webhook>>;

export interface BillingLive {
  t: TestApp;
  fake: FakeStripe;
  sink: SmtpSink;
  admin: string;
  ids: { alice: string; bob: string };
  /** The pro monthly price at the fake. */
  proMonth: string;
  call(token: string | null, method: Method, url: string, payload?: object, headers?: object): Promise<Reply>;
  setLive(key: string, liveValue: unknown): Promise<void>;
  /** The fake's customer the server created for a user. */
  customerOf(userId: string): ReturnType<FakeStripe['store']['customer']> | undefined;
  close(): Promise<void>;
}

/**
 * A POD in LIVE: users signed up while it was SANDBOX (auto-confirmed), then the admin sets the
 * Stripe keys (the fake's), the pro markup and pod limit, Lambda's key and URL (a server listing
 * its recorded instance types: deploys in these tests are refused before any launch), and switches.
 */
export async function startBillingLive(): Promise<BillingLive> {
  const fake = await startFakeStripe();
  const proMonth = fake.addPlan({
    plan: 'pro',
    interval: 'month',
    unitAmountCents: 2900,
    productName: 'Pro',
    features: ['10 pods from Stripe'],
  }).priceId;
  fake.addPlan({ plan: 'pro', interval: 'year', unitAmountCents: 29_000, productName: 'Pro yearly' });
  // Enterprise has no yearly price yet: not purchasable until one is added.
  fake.addPlan({ plan: 'enterprise', interval: 'month', unitAmountCents: 19_900, productName: 'Enterprise' });
  const sink = await startSmtpSink();
  const types = await readDatasetText('provider-api', 'lambda/instance-types.json');
  const lambda: Server = createServer((req, res) => {
    const found = req.url === '/api/v1/instance-types';
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(found ? types : '{}');
  });
  await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
  const t = await createTestApp({
    env: {
      GPUBROKER_ADMIN_EMAIL: ADMIN.email,
      GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
      GPUBROKER_POD_ID: POD,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
    },
  });
  const ids = {
    alice: await register(t.app, ALICE.email, ALICE.password),
    bob: await register(t.app, BOB.email, BOB.password),
  };
  const admin = (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token;
  const call: BillingLive['call'] = (token, method, url, payload, headers = {}) =>
    t.app.inject({
      method,
      url: `/api/v2${url}`,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(payload ? { payload } : {}),
    });
  const setLive = async (key: string, live_value: unknown) => {
    // In LIVE a change to what LIVE does is confirmed with the POD id.
    const res = await call(admin, 'PUT', `/config/pods/${POD}/parameters/${key}`, {
      live_value,
      confirm: POD,
    });
    expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
  };
  for (const [key, value] of [
    ['stripe.secret_key', fake.secretKey],
    ['stripe.webhook_secret', WHSEC],
    ['stripe.publishable_key', PK],
    ['stripe.api_base_url', fake.url],
    ['markup_percent.pro', 12],
    ['limits.max_running_pods.pro', 7],
    ['providers.lambda.api_key', 'lambda-live-key'],
    ['providers.lambda.base_url', `http://127.0.0.1:${(lambda.address() as AddressInfo).port}/api/v1`],
  ] as const)
    await setLive(key, value);
  const live = await call(admin, 'POST', `/config/pods/${POD}/switch-mode`, { mode: 'LIVE', confirm: POD });
  expect(live.statusCode, live.body).toBe(200);
  expect((await t.modules.catalog.sync.syncProvider('lambda')).ok).toBe(true);
  return {
    t,
    fake,
    sink,
    admin,
    ids,
    proMonth,
    call,
    setLive,
    customerOf: (userId) => [...fake.store.customers.values()].find((c) => c.metadata.user_id === userId),
    async close() {
      await t.close();
      await fake.close();
      await sink.close();
      await new Promise((resolve) => lambda.close(resolve));
    },
  };
}

/** A Stripe event as its webhook delivers it, for the API version the SDK pins. */
export function stripeEvent(type: string, object: object, previous?: object): string {
  return JSON.stringify({
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}

/**
 * The `Stripe-Signature` header Stripe would send (what billing's `signTestWebhook` wraps; test
 * code may not import a module's internals, only its index).
 */
export const sign = (payload: string, secret = WHSEC, timestamp?: number) =>
  Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });

export const webhook = (app: TestApp['app'], payload: string, signature: string | undefined) =>
  app.inject({
    method: 'POST',
    url: '/api/v2/billing/webhooks/stripe',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    payload,
  });
