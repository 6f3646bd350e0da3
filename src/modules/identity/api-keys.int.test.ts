import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createManualClock } from '../../platform/clock/clock.js';
import { principalOf } from './access-control.js';
import { apiKeys } from './api-keys.tables.js';
import { authEvents, users } from './identity.tables.js';
import { hashToken } from './secure-token.js';

// API.md § Identity, `/api-keys`: happy, error and authorization cases, and the key as a credential.
const clock = createManualClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  // A gated route that echoes the principal, to see the role and plan a key carries.
  const whoami = async (app: FastifyInstance) => {
    app.get('/test/whoami', async (request) => principalOf(request));
  };
  t = await createTestApp({ clock, gatedModules: [whoami] });
});
afterAll(async () => {
  await t?.close();
});

type Method = 'GET' | 'POST' | 'DELETE';
const call = (method: Method, url: string, credential?: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v2${url}`,
    ...(payload ? { payload } : {}),
    headers: credential === undefined ? {} : { authorization: `Bearer ${credential}` },
  });

let n = 0;
async function signedIn() {
  n += 1;
  const account = { email: `keys${n}@example.com`, password: `long passphrase ${n}`, name: `Keys ${n}` };
  const reg = await call('POST', '/auth/register', undefined, account);
  expect(reg.statusCode).toBe(201);
  const login = await call('POST', '/auth/login', undefined, {
    email: account.email,
    password: account.password,
  });
  expect(login.statusCode).toBe(200);
  return { id: reg.json().user.id as string, token: login.json().access_token as string };
}
async function created(token: string, name = 'ci') {
  const res = await call('POST', '/api-keys', token, { name });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; key: string; name: string; created_at: string };
}
const keyRow = async (id: string) =>
  (await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;

describe('API keys', () => {
  it('create → use on /me → listed by prefix only → revoke → refused', async () => {
    const user = await signedIn();
    const res = await call('POST', '/api-keys', user.token, { name: 'laptop' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['created_at', 'id', 'key', 'name']);
    expect(body.id).toMatch(/^key_[0-9A-Z]{26}$/);
    expect(body.key).toMatch(/^gpb_[A-Za-z0-9_-]{43}$/);
    expect(body.name).toBe('laptop');

    const me = await call('GET', '/me', body.key);
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);

    const list = await call('GET', '/api-keys', user.token);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      items: [
        {
          id: body.id,
          name: 'laptop',
          prefix: body.key.slice(4, 12),
          created_at: body.created_at,
          last_used_at: clock.now().toISOString(),
        },
      ],
      next_cursor: null,
    });
    expect(list.body).not.toContain(body.key);
    const row = await keyRow(body.id);
    expect(row.secretHash).toBe(hashToken(body.key));
    expect(JSON.stringify(row)).not.toContain(body.key.slice(4));

    const del = await call('DELETE', `/api-keys/${body.id}`, user.token);
    expect(del.statusCode).toBe(204);
    const refused = await call('GET', '/me', body.key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unauthorized');
    expect((await call('GET', '/api-keys', user.token)).json().items).toEqual([]);
    expect((await call('DELETE', `/api-keys/${body.id}`, user.token)).statusCode).toBe(404);

    const events = await t.database.db.select().from(authEvents).where(eq(authEvents.userId, user.id));
    const keyEvents = events.filter((e) => e.type.startsWith('api_key_'));
    expect(keyEvents.map((e) => [e.type, e.detail.api_key_id])).toEqual([
      ['api_key_created', body.id],
      ['api_key_revoked', body.id],
    ]);
  });

  it('lists newest first and writes last_used_at at most once a minute', async () => {
    const user = await signedIn();
    const first = await created(user.token, 'first');
    clock.advanceMs(1000);
    const second = await created(user.token, 'second');
    const names = (await call('GET', '/api-keys', user.token))
      .json()
      .items.map((k: { name: string }) => k.name);
    expect(names).toEqual(['second', 'first']);

    expect((await keyRow(first.id)).lastUsedAt).toBeNull();
    const usedAt = clock.now();
    expect((await call('GET', '/me', first.key)).statusCode).toBe(200);
    expect((await keyRow(first.id)).lastUsedAt).toEqual(usedAt);
    clock.advanceMs(30_000);
    expect((await call('GET', '/me', first.key)).statusCode).toBe(200);
    expect((await keyRow(first.id)).lastUsedAt).toEqual(usedAt);
    clock.advanceMs(31_000);
    expect((await call('GET', '/me', first.key)).statusCode).toBe(200);
    expect((await keyRow(first.id)).lastUsedAt).toEqual(clock.now());
    expect((await keyRow(second.id)).lastUsedAt).toBeNull();
  });

  it("carries the owner's current role and plan; a disabled owner's key is refused", async () => {
    const user = await signedIn();
    const { key } = await created(user.token);
    expect((await call('GET', '/test/whoami', key)).json()).toEqual({
      userId: user.id,
      role: 'user',
      plan: 'free',
    });
    await t.database.db.update(users).set({ role: 'pro', plan: 'pro' }).where(eq(users.id, user.id));
    expect((await call('GET', '/test/whoami', key)).json()).toEqual({
      userId: user.id,
      role: 'pro',
      plan: 'pro',
    });
    await t.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    expect((await call('GET', '/me', key)).statusCode).toBe(401);
  });

  it("answers 404 for another user's key and leaves it working", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const { id, key } = await created(owner.token);
    const res = await call('DELETE', `/api-keys/${id}`, other.token);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect((await call('GET', '/api-keys', other.token)).json().items).toEqual([]);
    expect((await call('GET', '/me', key)).json().id).toBe(owner.id);
    expect((await keyRow(id)).revokedAt).toBeNull();
  });

  it('answers 409 for a 26th active key; revoking one makes room', async () => {
    const user = await signedIn();
    const keys = [];
    for (let i = 0; i < 25; i++) keys.push(await created(user.token, `key ${i}`));
    const res = await call('POST', '/api-keys', user.token, { name: 'one too many' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
    expect((await call('GET', '/api-keys', user.token)).json().items).toHaveLength(25);
    expect((await call('DELETE', `/api-keys/${keys[0]!.id}`, user.token)).statusCode).toBe(204);
    expect((await call('POST', '/api-keys', user.token, { name: 'now fits' })).statusCode).toBe(201);
  });

  it('answers 422 for an empty, blank, too long or missing name', async () => {
    const user = await signedIn();
    for (const payload of [
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      {},
      { name: 'a', x: 1 },
    ]) {
      const res = await call('POST', '/api-keys', user.token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().code).toBe('validation_failed');
    }
    expect((await call('POST', '/api-keys', user.token, { name: 'x'.repeat(100) })).statusCode).toBe(201);
  });

  it('answers 401 without a credential, or with an unknown key, on every route', async () => {
    const user = await signedIn();
    const { id } = await created(user.token);
    const forged = `gpb_${'A'.repeat(43)}`;
    for (const credential of [undefined, forged, 'gpb_']) {
      for (const [method, url] of [
        ['GET', '/api-keys'],
        ['POST', '/api-keys'],
        ['DELETE', `/api-keys/${id}`],
      ] as const) {
        const res = await call(method, url, credential, method === 'POST' ? { name: 'x' } : undefined);
        expect(res.statusCode, `${method} ${url} ${credential}`).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    }
    expect((await keyRow(id)).revokedAt).toBeNull();
  });
});
