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
  'GET /api/v2/me': { expect: signedIn(200) },
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
  'GET /api/v2/admin/auth-events': { expect: { anonymous: 401, user: 403, other: 403, admin: 200 } },
  'GET /api/v2/dev/mailbox': { expect: { anonymous: 401, user: 403, other: 403, admin: 200 } },
};

let t: TestApp;
let ctx: MatrixContext;
beforeAll(async () => {
  t = await createTestApp({
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
    // Every login here comes from one address: the per-IP limit is not what this file tests.
    moduleOptions: { identity: { loginLimits: { perIp: 10_000, perAccount: 100, windowMs: 60_000 } } },
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
