import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { mailMessages } from '../../platform/mail/index.js';
import { emailVerificationTokens, users } from './identity.tables.js';
import { hashToken } from './secure-token.js';

// Registration with e-mail confirmation (the LIVE behaviour; SANDBOX auto-confirms).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ moduleOptions: { identity: { autoConfirm: () => false } } });
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/v2${url}`, payload: payload as object });

async function registerAndReadMail(email: string, password = 'confirm me please') {
  const res = await post('/auth/register', { email, password, name: 'Lin' });
  expect(res.statusCode).toBe(201);
  const [mail] = await t.database.db.select().from(mailMessages).where(eq(mailMessages.to, email));
  const token = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
  return { res, mail: mail!, token: token!, password };
}

describe('registration with e-mail confirmation', () => {
  it('creates an unconfirmed user and mails a link whose token is stored only as a hash', async () => {
    const { res, mail, token } = await registerAndReadMail('lin@example.com');
    expect(res.json()).toMatchObject({ verification: 'email_sent', user: { status: 'unconfirmed' } });
    expect(mail).toMatchObject({ template: 'verify-email', metadata: { user_id: res.json().user.id } });
    expect(mail.text).toContain(`http://127.0.0.1:8080/verify-email?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.database.db.select().from(emailVerificationTokens);
    const mine = rows.filter((r) => r.userId === res.json().user.id);
    expect(mine.map((r) => r.tokenHash)).toEqual([hashToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses login until confirmed (403 with the right password, 401 with a wrong one)', async () => {
    const { token, password } = await registerAndReadMail('wait@example.com');
    const early = await post('/auth/login', { email: 'wait@example.com', password });
    expect(early.statusCode).toBe(403);
    expect(
      (await post('/auth/login', { email: 'wait@example.com', password: 'wrong password' })).statusCode,
    ).toBe(401);

    const confirmed = await post('/auth/verify-email', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().user).toMatchObject({ email: 'wait@example.com', status: 'active' });
    expect((await post('/auth/login', { email: 'wait@example.com', password })).statusCode).toBe(200);
  });

  it('accepts each token once: a second use, an unknown or an expired token is 410 token_expired', async () => {
    const { token } = await registerAndReadMail('once@example.com');
    expect((await post('/auth/verify-email', { token })).statusCode).toBe(200);
    const again = await post('/auth/verify-email', { token });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('token_expired');
    expect((await post('/auth/verify-email', { token: 'x'.repeat(43) })).statusCode).toBe(410);

    const late = await registerAndReadMail('late@example.com');
    await t.database.db
      .update(emailVerificationTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailVerificationTokens.tokenHash, hashToken(late.token)));
    expect((await post('/auth/verify-email', { token: late.token })).statusCode).toBe(410);
    const [user] = await t.database.db.select().from(users).where(eq(users.email, 'late@example.com'));
    expect(user!.status).toBe('unconfirmed');
    expect((await post('/auth/verify-email', {})).statusCode).toBe(422);
  });

  it('does not re-activate a disabled account through an unused link', async () => {
    const { res, token } = await registerAndReadMail('banned@example.com');
    await t.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, res.json().user.id));
    const confirmed = await post('/auth/verify-email', { token });
    expect(confirmed.json().user.status).toBe('disabled');
  });
});
