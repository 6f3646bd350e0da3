import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createLogger } from '../../platform/observability/logger.js';
import { principalOf } from './access-control.js';
import { users } from './identity.tables.js';

const ADMIN = { email: 'Root@Example.com', password: 'bootstrap admin passphrase' };
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(String(chunk));
    cb();
  },
});

// Routes declared the way domain modules declare them (no test defaults).
async function probeModule(app: FastifyInstance) {
  app.get('/probe/default', async (request) => ({ principal: principalOf(request) }));
  app.get('/probe/public', { config: { auth: 'public' } }, async (request) => ({
    principal: request.principal,
  }));
  app.get('/probe/any', { config: { auth: 'authenticated' } }, async (request) => principalOf(request));
  app.get('/probe/admin', { config: { auth: { roles: ['pod_admin'] } } }, async () => ({ ok: true }));
  app.get('/probe/paid', { config: { auth: { roles: ['pro', 'enterprise'] } } }, async () => ({ ok: true }));
}

let t: TestApp;
let userToken: string;
let adminToken: string;
beforeAll(async () => {
  t = await createTestApp({
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'debug' },
    logger: createLogger({ level: 'debug', base: { pod_id: 'gate-test' } }, sink),
    gatedModules: [probeModule],
  });
  const reg = { email: 'plain@example.com', password: 'plain user passphrase', name: 'Plain' };
  await t.app.inject({ method: 'POST', url: '/api/v2/auth/register', payload: reg });
  userToken = (await login(reg.email, reg.password)).json().access_token;
  adminToken = (await login(ADMIN.email, ADMIN.password)).json().access_token;
});
afterAll(async () => {
  await t?.close();
});

function login(email: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: { email, password } });
}
const get = (path: string, authorization?: string) =>
  t.app.inject({ method: 'GET', url: `/api/v2${path}`, headers: authorization ? { authorization } : {} });

describe('access gate', () => {
  it('closes a route that declares nothing: 401 anonymous, 200 with any valid token', async () => {
    expect((await get('/probe/default')).statusCode).toBe(401);
    const res = await get('/probe/default', `Bearer ${userToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().principal).toMatchObject({ role: 'user', plan: 'free' });
    expect((await get('/probe/any', `Bearer ${adminToken}`)).json()).toMatchObject({ role: 'pod_admin' });
  });

  it('opens a public route to anyone, without authenticating even a bad token', async () => {
    expect((await get('/probe/public')).json()).toEqual({ principal: null });
    expect((await get('/probe/public', 'Bearer garbage')).json()).toEqual({ principal: null });
  });

  it('answers 403 to the wrong role and 401 (not 403) to the anonymous', async () => {
    expect((await get('/probe/admin')).statusCode).toBe(401);
    const forbidden = await get('/probe/admin', `Bearer ${userToken}`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');
    expect((await get('/probe/admin', `Bearer ${adminToken}`)).statusCode).toBe(200);
    expect((await get('/probe/paid', `Bearer ${userToken}`)).statusCode).toBe(403);
    expect((await get('/probe/paid', `Bearer ${adminToken}`)).statusCode).toBe(403);
  });

  it('accepts only the Bearer scheme with one token', async () => {
    for (const header of [`Basic ${userToken}`, 'Bearer', `Bearer ${userToken} extra`, userToken])
      expect((await get('/probe/any', header)).statusCode, header).toBe(401);
    expect((await get('/probe/any', `bearer ${userToken}`)).statusCode).toBe(200);
  });

  it('leaves unknown /api/v2 paths a 404, and root routes outside the gate', async () => {
    expect((await get('/no/such/route')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses to boot with a malformed declaration', async () => {
    const bad = async (app: FastifyInstance) => {
      app.get('/oops', { config: { auth: { roles: ['root'] } } } as never, async () => ({}));
    };
    await expect(createTestApp({ gatedModules: [bad] })).rejects.toThrow(/config\.auth must be/);
  });
});

describe('bootstrap pod_admin', () => {
  it('exists at start as an active pod_admin with the configured password', async () => {
    const [admin] = await t.database.db.select().from(users).where(eq(users.email, 'root@example.com'));
    expect(admin).toMatchObject({ role: 'pod_admin', status: 'active' });
    expect((await login(ADMIN.email, ADMIN.password)).json().user.role).toBe('pod_admin');
  });

  it('is idempotent: a second start changes nothing', async () => {
    const before = await t.database.db.select().from(users).where(eq(users.email, 'root@example.com'));
    await t.modules.identity.start();
    const after = await t.database.db.select().from(users).where(eq(users.email, 'root@example.com'));
    expect(after).toEqual(before);
  });

  it('never logs the password', () => {
    const text = lines.join('');
    expect(text).toContain('bootstrap pod_admin created');
    expect(text).not.toContain(ADMIN.password);
  });
});
