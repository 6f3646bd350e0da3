import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createLogger } from '../../platform/observability/logger.js';
import { authEvents, refreshTokens, users } from './identity.tables.js';
import { hashToken } from './secure-token.js';

// Every route of API.md § Identity (auto-confirm wiring): happy, error and authorization cases.
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(String(chunk));
    cb();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger({ level: 'debug', base: { pod_id: 'identity-test' } }, sink),
  });
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v2${url}`, payload: payload as object, headers });
const me = (token?: string) =>
  t.app.inject({
    method: 'GET',
    url: '/api/v2/me',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

let n = 0;
async function registered(overrides: Record<string, unknown> = {}) {
  n += 1;
  const body = {
    email: `user${n}@example.com`,
    password: `long passphrase ${n}`,
    name: `User ${n}`,
    ...overrides,
  };
  const res = await post('/auth/register', body);
  expect(res.statusCode).toBe(201);
  return { ...body, id: res.json().user.id as string };
}
async function loggedIn(account: { email: string; password: string }) {
  const res = await post('/auth/login', { email: account.email, password: account.password });
  expect(res.statusCode).toBe(200);
  return res.json() as { access_token: string; refresh_token: string };
}

describe('POST /auth/register', () => {
  it('creates an active account in auto-confirm mode; the e-mail is lower-cased, the plan request kept', async () => {
    const res = await post('/auth/register', {
      email: 'Ada@Example.COM',
      password: 'analytical engine 1843',
      name: 'Ada Lovelace',
      plan: 'pro',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.verification).toBe('auto_confirmed');
    expect(body.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'user',
      plan: 'free',
      status: 'active',
      mfa_enabled: false,
    });
    expect(body.user.id).toMatch(/^usr_[0-9A-Z]{26}$/);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, body.user.id));
    expect(row).toMatchObject({ requestedPlan: 'pro', plan: 'free' });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain('analytical engine 1843');
  });

  it('answers 409 conflict for an e-mail already registered, in any letter case', async () => {
    await registered({ email: 'dup@example.com' });
    const res = await post('/auth/register', {
      email: 'DUP@example.com',
      password: 'another passphrase',
      name: 'Dup',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
  });

  it('answers 422 for a weak password, a bad e-mail, a blank name or an unknown field', async () => {
    const base = { email: 'weak@example.com', password: 'good passphrase', name: 'Weak' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ password: 'password123' }, '/body/password'],
      [{ password: 'zzzzzzzzzzzz' }, '/body/password'],
      [{ password: 'short' }, '/body/password'],
      [{ email: 'not-an-email' }, '/body/email'],
      [{ name: '   ' }, '/body/name'],
      [{ plan: 'platinum' }, '/body/plan'],
      [{ role: 'pod_admin' }, '/body/role'],
    ];
    for (const [patch, path] of cases) {
      const res = await post('/auth/register', { ...base, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(422);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await t.database.db.select().from(users).where(eq(users.email, 'weak@example.com'))).toEqual([]);
  });
});

describe('POST /auth/login', () => {
  it('returns a bearer pair whose access token opens /me', async () => {
    const account = await registered();
    const res = await post('/auth/login', { email: account.email.toUpperCase(), password: account.password });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      user: { id: account.id, role: 'user' },
    });
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeProtectedHeader(body.access_token).alg).toBe('RS256');
    expect((await me(body.access_token)).json().id).toBe(account.id);
    const [session] = await t.database.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashToken(body.refresh_token)));
    expect(session).toMatchObject({ userId: account.id, usedAt: null, revokedAt: null });
  });

  it('answers unknown e-mail and wrong password with the same 401, and audits both', async () => {
    const account = await registered();
    const wrong = await post('/auth/login', { email: account.email, password: 'not the password' });
    const unknown = await post('/auth/login', { email: 'nobody@example.com', password: 'not the password' });
    for (const res of [wrong, unknown]) expect(res.statusCode).toBe(401);
    const shape = (b: Record<string, unknown>) => ({ ...b, instance: undefined, request_id: undefined });
    expect(shape(wrong.json())).toEqual(shape(unknown.json()));
    expect(wrong.json()).toMatchObject({ code: 'unauthorized', detail: 'Invalid e-mail or password.' });
    const events = await t.database.db.select().from(authEvents).where(eq(authEvents.type, 'login_failed'));
    expect(events.map((e) => e.detail.reason).sort()).toEqual(['unknown_email', 'wrong_password']);
  });

  it('answers 403 for a disabled account, only once the password is right', async () => {
    const account = await registered();
    await t.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, account.id));
    expect(
      (await post('/auth/login', { email: account.email, password: 'wrong password!' })).statusCode,
    ).toBe(401);
    const res = await post('/auth/login', { email: account.email, password: account.password });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it('answers 422 for a missing field', async () => {
    const res = await post('/auth/login', { email: 'x@example.com' });
    expect(res.statusCode).toBe(422);
  });
});

describe('POST /auth/refresh', () => {
  it('rotates: returns a new pair and spends the presented token', async () => {
    const account = await registered();
    const first = await loggedIn(account);
    const res = await post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(res.statusCode).toBe(200);
    const second = res.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.access_token)).statusCode).toBe(200);
    const third = await post('/auth/refresh', { refresh_token: second.refresh_token });
    expect(third.statusCode).toBe(200);
  });

  it('revokes the whole family when a spent token is presented again, and audits it', async () => {
    const account = await registered();
    const first = await loggedIn(account);
    const second = (await post('/auth/refresh', { refresh_token: first.refresh_token })).json();
    const other = await loggedIn(account); // another session of the same user

    const reuse = await post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(reuse.statusCode).toBe(401);
    // The thief's (or the client's) newer token is dead too; the other session is untouched.
    expect((await post('/auth/refresh', { refresh_token: second.refresh_token })).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refresh_token: other.refresh_token })).statusCode).toBe(200);
    const events = await t.database.db.select().from(authEvents).where(eq(authEvents.userId, account.id));
    expect(events.filter((e) => e.type === 'refresh_reuse_detected')).toHaveLength(1);
  });

  it('answers 401 for an unknown or expired token and 422 without one', async () => {
    const account = await registered();
    const pair = await loggedIn(account);
    expect((await post('/auth/refresh', { refresh_token: 'x'.repeat(43) })).statusCode).toBe(401);
    await t.database.db
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.tokenHash, hashToken(pair.refresh_token)));
    const expired = await post('/auth/refresh', { refresh_token: pair.refresh_token });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('unauthorized');
    expect((await post('/auth/refresh', {})).statusCode).toBe(422);
  });
});

describe('POST /auth/logout', () => {
  it('revokes the session: its refresh token stops working; repeating is harmless', async () => {
    const account = await registered();
    const pair = await loggedIn(account);
    const res = await post('/auth/logout', { refresh_token: pair.refresh_token });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await post('/auth/refresh', { refresh_token: pair.refresh_token })).statusCode).toBe(401);
    expect((await post('/auth/logout', { refresh_token: pair.refresh_token })).statusCode).toBe(204);
    expect((await post('/auth/logout', {})).statusCode).toBe(422);
  });
});

describe('GET /me', () => {
  it('returns the signed-in user', async () => {
    const account = await registered({ name: 'Grace Hopper' });
    const res = await me((await loggedIn(account)).access_token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      id: account.id,
      email: account.email,
      name: 'Grace Hopper',
      role: 'user',
      plan: 'free',
      requested_plan: null,
      status: 'active',
      mfa_enabled: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it('answers 401 with a Bearer challenge without a token or with an invalid one', async () => {
    for (const res of [await me(), await me('not.a.jwt'), await me('')]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json().code).toBe('unauthorized');
    }
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public key that signs access tokens, without authentication', async () => {
    const { access_token } = await loggedIn(await registered());
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json() as { keys: Array<Record<string, unknown>> };
    expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(access_token).kid);
    for (const key of keys) expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });
});

describe('logs', () => {
  it('never contain a password or a token issued by these routes', async () => {
    const account = await registered({ password: 'log canary passphrase' });
    const pair = await loggedIn(account);
    await post('/auth/login', { email: account.email, password: 'log canary wrong one' });
    await post('/auth/refresh', { refresh_token: pair.refresh_token });
    const text = lines.join('');
    expect(text).toContain('incoming request'); // the sink does capture request logs
    for (const secret of [
      'log canary passphrase',
      'log canary wrong one',
      pair.refresh_token,
      pair.access_token,
    ])
      expect(text).not.toContain(secret);
  });
});
