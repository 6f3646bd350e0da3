import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDir } from '../../src/app/server.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  expectMatrixCoversRoutes,
  logIn,
  type Matrix,
  type MatrixContext,
  PRINCIPALS,
  register,
  requestAs,
  routesUnderTest,
  signUp,
} from '../support/authz-matrix.js';

// Every registered route × {anonymous, user, other user, pod_admin}. A new route fails the
// coverage test until it gets an entry here: its authorization is then decided, not defaulted.
const ADMIN = { email: 'matrix-admin@example.com', password: 'matrix admin passphrase' };
const PASSWORD = 'matrix user passphrase';
const everyone = (status: number) => ({ anonymous: status, user: status, other: status, admin: status });
const signedIn = (status: number) => ({ anonymous: 401, user: status, other: status, admin: status });
const adminOnly = (status: number) => ({ anonymous: 401, user: 403, other: 403, admin: status });
const POD = { id: 'local' };
const PARAM = { id: 'local', key: 'markup_percent.pro' };
/** An offer of the catalog, set once a provider has synced (beforeAll). */
const OFFER = { id: '' };

/** Another user's pod resources are a 404, for a pod_admin too (admins have their own routes). */
const owned = (status: number) => ({ anonymous: 401, user: status, other: 404, admin: 404 });
async function userDraft(ctx: MatrixContext) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v2/pods/drafts',
    payload: { name: 'owned by user', offer_id: OFFER.id },
    headers: { authorization: `Bearer ${ctx.credentials.user}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string };
}
async function userPod(ctx: MatrixContext) {
  const { id } = await userDraft(ctx);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v2/pods/drafts/${id}/deploy`,
    headers: { authorization: `Bearer ${ctx.credentials.user}` },
  });
  expect(res.statusCode, res.body).toBe(202);
  return { id: res.json().pod.id as string };
}

/** A paid invoice of `user` (raw SQL: tests reach a module only through its index). */
async function userInvoice(ctx: MatrixContext) {
  const payload = JSON.parse(Buffer.from(ctx.credentials.user.split('.')[1]!, 'base64url').toString());
  const id = `inv_matrix${++n}`;
  await t.database.executeSql(
    `insert into billing_invoices (id, number, user_id, mode, kind, status, period_start, period_end, lines,
       subtotal_micros, total_cents, issued_at)
     values ($1, $2, $3, 'SANDBOX', 'period', 'paid', now() - interval '${n} days', now(), '[]', 1000000, 100, now())`,
    [id, `GPB-MATRIX-${n}`, payload.sub],
  );
  return { id };
}

let n = 0;
const freshEmail = () => `matrix${++n}@example.com`;
async function freshSession(ctx: MatrixContext) {
  const email = freshEmail();
  await register(ctx.app, email, PASSWORD);
  return logIn(ctx.app, email, PASSWORD);
}

const MATRIX: Matrix = {
  'GET /.well-known/jwks.json': { expect: everyone(200) },
  'POST /api/v2/auth/register': {
    expect: everyone(201),
    body: () => ({ email: freshEmail(), password: PASSWORD, name: 'Matrix' }),
  },
  'POST /api/v2/auth/verify-email': {
    expect: everyone(200),
    // A confirmation token as the e-mail would carry it (only its SHA-256 is stored), for a
    // fresh account; raw SQL because tests, too, reach a module only through its index.
    body: async (ctx) => {
      const userId = await register(ctx.app, freshEmail(), PASSWORD);
      const token = `matrix-token-${n}`;
      await t.database.executeSql(
        `insert into email_verification_tokens (token_hash, user_id, expires_at)
         values ($1, $2, now() + interval '1 hour')`,
        [createHash('sha256').update(token).digest('hex'), userId],
      );
      return { token };
    },
  },
  'POST /api/v2/auth/login': {
    expect: everyone(200),
    body: async (ctx) => {
      const email = freshEmail();
      await register(ctx.app, email, PASSWORD);
      return { email, password: PASSWORD };
    },
  },
  'POST /api/v2/auth/refresh': {
    expect: everyone(200),
    body: async (ctx) => ({ refresh_token: (await freshSession(ctx)).refresh_token }),
  },
  'POST /api/v2/auth/logout': {
    expect: everyone(204),
    body: async (ctx) => ({ refresh_token: (await freshSession(ctx)).refresh_token }),
  },
  'POST /api/v2/auth/verify-email/resend': { expect: everyone(202), body: () => ({ email: freshEmail() }) },
  'GET /api/v2/auth/oauth/providers': { expect: everyone(200) },
  // GitHub is configured below (no network: start only builds the URL); a callback without
  // state is answered with a redirect to the login page's error, for everyone alike.
  'GET /api/v2/auth/oauth/:provider/start': {
    expect: everyone(302),
    params: async () => ({ provider: 'github' }),
  },
  'GET /api/v2/auth/oauth/:provider/callback': {
    expect: everyone(302),
    params: async () => ({ provider: 'github' }),
  },
  'POST /api/v2/auth/oauth/exchange': {
    expect: everyone(200),
    // A login code as the callback would hand out (only its SHA-256 is the cache key).
    body: async (ctx) => {
      const userId = await register(ctx.app, freshEmail(), PASSWORD);
      const code = `matrix-oauth-code-${n}`;
      await t.platform.cache.set(
        `auth:oauth:code:${createHash('sha256').update(code).digest('hex')}`,
        { userId, provider: 'github' },
        60_000,
      );
      return { code };
    },
  },
  'GET /api/v2/me': { expect: signedIn(200) },
  'PATCH /api/v2/me': { expect: signedIn(200), body: () => ({ name: 'Matrix Renamed' }) },
  // Past the gate, the wrong current password is the service's 422; the success path is in
  // account.int.test.ts (it ends the caller's sessions, which would upset the other rows here).
  'POST /api/v2/auth/password': {
    expect: signedIn(422),
    body: () => ({ current_password: 'not-the-password', new_password: 'a fresh passphrase 42' }),
  },
  'POST /api/v2/auth/mfa/totp/setup': { expect: signedIn(200) },
  // Codes no authenticator produced: the gate lets signed-in callers through to the 422.
  'POST /api/v2/auth/mfa/totp/enable': { expect: signedIn(422), body: () => ({ code: '000000' }) },
  'POST /api/v2/auth/mfa/disable': { expect: signedIn(422), body: () => ({ code: '000000' }) },
  'POST /api/v2/auth/mfa/backup-codes': { expect: signedIn(422), body: () => ({ code: '000000' }) },
  'POST /api/v2/api-keys': { expect: signedIn(201), body: () => ({ name: 'matrix' }) },
  'GET /api/v2/api-keys': { expect: signedIn(200) },
  'DELETE /api/v2/api-keys/:id': {
    expect: { anonymous: 401, user: 204, other: 404, admin: 404 },
    params: async (ctx) => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v2/api-keys',
        payload: { name: 'owned by user' },
        headers: { authorization: `Bearer ${ctx.credentials.user}` },
      });
      expect(res.statusCode).toBe(201);
      return { id: res.json().id };
    },
  },
  'GET /api/v2/admin/users': { expect: { anonymous: 401, user: 403, other: 403, admin: 200 } },
  'PATCH /api/v2/admin/users/:id': {
    expect: { anonymous: 401, user: 403, other: 403, admin: 200 },
    params: async (ctx) => ({ id: await register(ctx.app, freshEmail(), PASSWORD) }),
    body: () => ({ role: 'pro' }),
  },
  'GET /api/v2/config/pods': { expect: adminOnly(200) },
  'POST /api/v2/config/pods': {
    expect: adminOnly(201),
    body: () => ({ pod_id: `matrix-${++n}`, name: 'Matrix' }),
  },
  'GET /api/v2/config/pods/:id': { expect: adminOnly(200), params: () => POD },
  'PUT /api/v2/config/pods/:id': {
    expect: adminOnly(200),
    params: () => POD,
    body: () => ({ name: 'Local' }),
  },
  'DELETE /api/v2/config/pods/:id': {
    expect: adminOnly(204),
    params: async (c) => {
      const id = `matrix-del-${++n}`;
      const res = await c.app.inject({
        method: 'POST',
        url: '/api/v2/config/pods',
        headers: { authorization: `Bearer ${c.credentials.admin}` },
        payload: { pod_id: id, name: 'To delete' },
      });
      expect(res.statusCode).toBe(201);
      return { id };
    },
  },
  // Asking for the mode the POD is in: idempotent, so every admin call is a 200.
  'POST /api/v2/config/pods/:id/switch-mode': {
    expect: adminOnly(200),
    params: () => POD,
    body: () => ({ mode: 'SANDBOX' }),
  },
  'GET /api/v2/config/pods/:id/parameters': { expect: adminOnly(200), params: () => POD },
  'POST /api/v2/config/pods/:id/parameters': {
    expect: adminOnly(201),
    params: () => POD,
    body: () => ({ key: `matrix.key_${++n}`, parameter_type: 'int', sandbox_value: 1 }),
  },
  'POST /api/v2/config/pods/:id/parameters/validate': {
    expect: adminOnly(200),
    params: () => POD,
    body: () => ({ changes: [{ key: 'markup_percent.pro', sandbox_value: 12 }] }),
  },
  'GET /api/v2/config/pods/:id/parameters/:key': { expect: adminOnly(200), params: () => PARAM },
  'PUT /api/v2/config/pods/:id/parameters/:key': {
    expect: adminOnly(200),
    params: () => PARAM,
    body: () => ({ sandbox_value: 11 }),
  },
  // A well-known key: deleting resets it to its default, again and again.
  'DELETE /api/v2/config/pods/:id/parameters/:key': { expect: adminOnly(204), params: () => PARAM },
  'GET /api/v2/config/pods/:id/audit': { expect: adminOnly(200), params: () => POD },
  'GET /api/v2/config/pods/:id/export': { expect: adminOnly(200), params: () => POD },
  'POST /api/v2/config/pods/:id/import': {
    expect: adminOnly(200),
    params: () => POD,
    body: () => ({
      version: 1,
      parameters: [{ key: 'budget.alert_threshold_percent', parameter_type: 'int', sandbox_value: 75 }],
    }),
  },
  'GET /api/v2/providers': { expect: everyone(200) },
  'GET /api/v2/providers/featured': { expect: everyone(200) },
  'GET /api/v2/gpus': { expect: everyone(200) },
  'GET /api/v2/gpus/resolve': { expect: everyone(200), query: { name: 'NVIDIA H100 80GB HBM3' } },
  'GET /api/v2/offers': { expect: everyone(200) },
  'GET /api/v2/offers/:id': { expect: everyone(200), params: () => ({ id: OFFER.id }) },
  'GET /api/v2/offers/:id/price-history': { expect: everyone(200), params: () => ({ id: OFFER.id }) },
  'POST /api/v2/admin/catalog/import': {
    expect: adminOnly(200),
    query: { provider: 'matrix-gpu-cloud', format: 'skypilot' },
    rawBody: {
      contentType: 'text/csv',
      payload:
        'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
        'gpu_1x_h100,H100,1,26,200,2.49,us-east-1,H100,\n',
    },
  },
  'GET /api/v2/admin/catalog/unmapped': { expect: adminOnly(200) },
  // The WebSocket authenticates inside its protocol (realtime.int.test.ts); a plain GET is no upgrade.
  'GET /api/v2/ws': { expect: everyone(404) },
  'POST /api/v2/admin/notifications': {
    expect: adminOnly(202),
    body: () => ({ level: 'info', title: 'Matrix', message: 'Authorization matrix check.' }),
  },
  'POST /api/v2/admin/catalog/providers/:id/sync': {
    expect: adminOnly(200),
    params: () => ({ id: 'lambda' }),
  },
  'POST /api/v2/pods/estimate': { expect: everyone(200), body: () => ({ offer_id: OFFER.id }) },
  'POST /api/v2/pods/drafts': { expect: signedIn(201), body: () => ({ name: 'matrix', offer_id: OFFER.id }) },
  'GET /api/v2/pods/drafts': { expect: signedIn(200) },
  'GET /api/v2/pods/drafts/:id': { expect: owned(200), params: userDraft },
  'PUT /api/v2/pods/drafts/:id': {
    expect: owned(200),
    params: userDraft,
    body: () => ({ name: 'renamed', offer_id: OFFER.id, storage_gb: 80 }),
  },
  'DELETE /api/v2/pods/drafts/:id': { expect: owned(204), params: userDraft },
  'POST /api/v2/pods/drafts/:id/deploy': { expect: owned(202), params: userDraft },
  'GET /api/v2/pods': { expect: signedIn(200) },
  'GET /api/v2/pods/:id': { expect: owned(200), params: userPod },
  // Public (the e-mailed link works signed out): an unknown token is 410 for everyone.
  'POST /api/v2/pods/activate': { expect: everyone(410), body: () => ({ token: 'not-an-issued-token' }) },
  // A pod just deployed is pending: the owner is told it cannot stop or start yet (409).
  'POST /api/v2/pods/:id/stop': { expect: owned(409), params: userPod },
  'POST /api/v2/pods/:id/activation': { expect: owned(409), params: userPod },
  'POST /api/v2/pods/:id/start': { expect: owned(409), params: userPod },
  'DELETE /api/v2/pods/:id': { expect: owned(200), params: userPod },
  'GET /api/v2/billing/plans': { expect: everyone(200) },
  'POST /api/v2/billing/setup-intent': { expect: signedIn(200) },
  'GET /api/v2/billing/payment-methods': { expect: signedIn(200) },
  'POST /api/v2/billing/payment-methods': {
    expect: signedIn(201),
    body: () => ({ card_number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2040, cvc: '123' }),
  },
  // Cards are per user: a card id none of them holds is refused after the gate (422).
  'POST /api/v2/billing/subscribe': {
    expect: signedIn(422),
    body: () => ({ plan: 'pro', interval: 'month', payment_method_id: 'pm_not_a_card' }),
  },
  'GET /api/v2/billing/subscription': { expect: signedIn(200) },
  'POST /api/v2/billing/subscription/cancel': { expect: signedIn(404) },
  'POST /api/v2/billing/subscription/resume': { expect: signedIn(404) },
  'GET /api/v2/billing/usage': { expect: signedIn(200) },
  'GET /api/v2/billing/summary': { expect: signedIn(200) },
  'PUT /api/v2/billing/spend-cap': { expect: signedIn(200), body: () => ({ monthly_limit: 250 }) },
  'GET /api/v2/billing/invoices': { expect: signedIn(200) },
  'GET /api/v2/billing/invoices/:id': { expect: owned(200), params: userInvoice },
  'GET /api/v2/billing/invoices/:id/html': { expect: owned(200), params: userInvoice },
  // The invoice is paid already: the owner is told so (409).
  'POST /api/v2/billing/invoices/:id/pay': { expect: owned(409), params: userInvoice },
  // Public (Stripe calls it); with no signing secret configured it refuses everyone (503).
  'POST /api/v2/billing/webhooks/stripe': { expect: everyone(503), body: () => ({ id: 'evt_matrix' }) },
  'GET /api/v2/dashboard': { expect: signedIn(200) },
  'GET /api/v2/activity': { expect: signedIn(200) },
  'GET /api/v2/admin/auth-events': { expect: { anonymous: 401, user: 403, other: 403, admin: 200 } },
  'GET /api/v2/dev/mailbox': { expect: { anonymous: 401, user: 403, other: 403, admin: 200 } },
};

let t: TestApp;
let ctx: MatrixContext;
beforeAll(async () => {
  t = await createTestApp({
    env: {
      GPUBROKER_ADMIN_EMAIL: ADMIN.email,
      GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
      OAUTH_GITHUB_CLIENT_ID: 'matrix-client',
      OAUTH_GITHUB_CLIENT_SECRET: 'matrix-secret',
    },
    // Every login here comes from one address: the per-IP limit is not what this file tests.
    moduleOptions: {
      identity: {
        loginLimits: { perIp: 10_000, perAccount: 100, windowMs: 60_000 },
        registerLimits: { perIp: 10_000, resendsPerEmail: 100, windowMs: 60_000 },
      },
    },
  });
  ctx = {
    app: t.app,
    credentials: {
      user: await signUp(t.app, 'matrix-user@example.com', PASSWORD),
      other: await signUp(t.app, 'matrix-other@example.com', PASSWORD),
      admin: (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token,
    },
  };
  const me = await t.app.inject({
    method: 'GET',
    url: '/api/v2/me',
    headers: { authorization: `Bearer ${ctx.credentials.admin}` },
  });
  expect(me.json().role).toBe('pod_admin');
  // One provider's SANDBOX twin, so the offer routes have an offer to show.
  const report = await t.modules.catalog.sync.syncProvider('lambda');
  expect(report.ok).toBe(true);
  const offers = await t.app.inject({ method: 'GET', url: '/api/v2/offers?limit=1' });
  OFFER.id = offers.json().items[0].id;
  // The matrix deploys many pods as one free-plan user: lift the plan's pod limit.
  const limit = await t.app.inject({
    method: 'PUT',
    url: '/api/v2/config/pods/local/parameters/limits.max_running_pods.free',
    headers: { authorization: `Bearer ${ctx.credentials.admin}` },
    payload: { sandbox_value: 10_000 },
  });
  expect(limit.statusCode, limit.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('authorization matrix', () => {
  it('has an entry for every registered route and none for a route that does not exist', () => {
    const routes = routesUnderTest(t.app, webDir(t.platform.config));
    expectMatrixCoversRoutes(MATRIX, routes);
    console.log(
      `authorization matrix: ${routes.length} routes × ${PRINCIPALS.length} principals = ${routes.length * PRINCIPALS.length} checks`,
    );
  });

  for (const [route, spec] of Object.entries(MATRIX)) {
    it(`${route}: ${PRINCIPALS.map((p) => `${p} ${spec.expect[p]}`).join(', ')}`, async () => {
      const actual: Record<string, number> = {};
      for (const who of PRINCIPALS) actual[who] = (await requestAs(ctx, route, spec, who)).status;
      expect(actual).toEqual(spec.expect);
    });
  }
});
