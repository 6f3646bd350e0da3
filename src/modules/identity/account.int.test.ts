import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { mailMessages } from '../../platform/mail/index.js';
import { authEvents } from './identity.tables.js';

// Self-service account changes, confirmation-link resends and the sign-up limit.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    moduleOptions: {
      identity: {
        autoConfirm: () => false,
        registerLimits: { perIp: 6, resendsPerEmail: 2, windowMs: 60 * 60 * 1000 },
      },
    },
  });
});
afterAll(async () => {
  await t?.close();
});

const PASSWORD = 'my account my rules';

function call(method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object, token?: string) {
  return t.app.inject({
    method,
    url: `/api/v2${url}`,
    ...(payload ? { payload } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

const mailsTo = (email: string) =>
  t.database.db.select().from(mailMessages).where(eq(mailMessages.to, email));
const linkToken = (text: string) => /verify-email\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;

async function activeUser(email: string) {
  expect((await call('POST', '/auth/register', { email, password: PASSWORD, name: 'Ada' })).statusCode).toBe(
    201,
  );
  const [mail] = await mailsTo(email);
  expect((await call('POST', '/auth/verify-email', { token: linkToken(mail!.text) })).statusCode).toBe(200);
  const login = await call('POST', '/auth/login', { email, password: PASSWORD });
  expect(login.statusCode).toBe(200);
  return login.json() as { access_token: string; refresh_token: string; user: { id: string } };
}

describe('profile and password', () => {
  it('renames the user (trimmed); a blank name is 422', async () => {
    const { access_token } = await activeUser('rename@example.com');
    const res = await call('PATCH', '/me', { name: '  Ada Lovelace ' }, access_token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Ada Lovelace', email: 'rename@example.com' });
    expect((await call('GET', '/me', undefined, access_token)).json().name).toBe('Ada Lovelace');
    expect((await call('PATCH', '/me', { name: '   ' }, access_token)).statusCode).toBe(422);
    expect((await call('PATCH', '/me', { email: 'x@example.com' }, access_token)).statusCode).toBe(422);
  });

  it('changes the password: old sessions end, the returned pair works, only the new password logs in', async () => {
    const first = await activeUser('pw-change@example.com');
    const res = await call(
      'POST',
      '/auth/password',
      { current_password: PASSWORD, new_password: 'a brand new passphrase' },
      first.access_token,
    );
    expect(res.statusCode).toBe(200);
    const next = res.json();
    expect(next).toMatchObject({ token_type: 'Bearer', user: { email: 'pw-change@example.com' } });

    expect((await call('POST', '/auth/refresh', { refresh_token: first.refresh_token })).statusCode).toBe(
      401,
    );
    expect((await call('POST', '/auth/refresh', { refresh_token: next.refresh_token })).statusCode).toBe(200);
    const login = (password: string) =>
      call('POST', '/auth/login', { email: 'pw-change@example.com', password });
    expect((await login(PASSWORD)).statusCode).toBe(401);
    expect((await login('a brand new passphrase')).statusCode).toBe(200);

    const events = await t.database.db.select().from(authEvents).where(eq(authEvents.userId, first.user.id));
    const changed = events.find((e) => e.type === 'password_changed');
    expect(changed?.detail).toEqual({ sessions_revoked: 1 });
  });

  it('refuses a wrong current password and a weak new one (422, field paths)', async () => {
    const { access_token } = await activeUser('pw-bad@example.com');
    const wrong = await call(
      'POST',
      '/auth/password',
      { current_password: 'not it at all', new_password: 'a brand new passphrase' },
      access_token,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ path: '/body/current_password', message: 'is not correct' }]);
    const weak = await call(
      'POST',
      '/auth/password',
      { current_password: PASSWORD, new_password: 'password123' },
      access_token,
    );
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors[0].path).toBe('/body/new_password');
  });
});

describe('resending the confirmation link', () => {
  it('mails a fresh working link to an unconfirmed account, at most twice per window', async () => {
    const email = 'resend@example.com';
    expect((await call('POST', '/auth/register', { email, password: PASSWORD, name: 'Re' })).statusCode).toBe(
      201,
    );
    for (let i = 0; i < 3; i++)
      expect((await call('POST', '/auth/verify-email/resend', { email })).statusCode).toBe(202);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(3); // the sign-up mail and two resends; the third resend was dropped
    const tokens = mails.map((m) => linkToken(m.text));
    expect(new Set(tokens).size).toBe(3);
    expect((await call('POST', '/auth/verify-email', { token: tokens[2]! })).statusCode).toBe(200);
  });

  it('answers 202 alike for unknown and confirmed addresses, and mails neither', async () => {
    await activeUser('confirmed@example.com');
    const unknown = await call('POST', '/auth/verify-email/resend', { email: 'nobody@example.com' });
    const confirmed = await call('POST', '/auth/verify-email/resend', { email: 'confirmed@example.com' });
    expect(unknown.statusCode).toBe(202);
    expect(confirmed.statusCode).toBe(202);
    expect(unknown.json()).toEqual(confirmed.json());
    expect(await mailsTo('nobody@example.com')).toEqual([]);
    expect(await mailsTo('confirmed@example.com')).toHaveLength(1);
  });
});

describe('sign-up limit per address', () => {
  it('refuses sign-ups beyond the limit with 429 and Retry-After', async () => {
    // Other tests in this file signed up 5 accounts from this address already; keep going to the limit.
    let res = await call('POST', '/auth/register', {
      email: 'limit-0@example.com',
      password: PASSWORD,
      name: 'L',
    });
    for (let i = 1; res.statusCode === 201 && i < 10; i++)
      res = await call('POST', '/auth/register', {
        email: `limit-${i}@example.com`,
        password: PASSWORD,
        name: 'L',
      });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
