import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { logIn } from '../../../test/support/authz-matrix.js';

// GET /dev/mailbox: a pod_admin reads the e-mails the SANDBOX captured instead of sending.
const ADMIN = { email: 'mailbox-admin@example.com', password: 'mailbox admin passphrase' };
const ADMIN_ENV = { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password };
const PASSWORD = 'mailbox user passphrase';

interface MailView {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  sent_at: string;
}
const mailbox = (t: TestApp, query: string, token?: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v2/dev/mailbox${query}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('GET /api/v2/dev/mailbox with the mailbox transport (SANDBOX)', () => {
  let t: TestApp;
  let admin: string;
  const get = (query: string, token = admin) => mailbox(t, query, token);
  const signUpUnconfirmed = async (email: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/register',
      payload: { email, password: PASSWORD, name: 'Mailbox' },
    });
    expect(res.json().verification).toBe('email_sent');
  };

  beforeAll(async () => {
    // E-mail confirmation on, so every sign-up leaves a captured verify-email message.
    t = await createTestApp({ env: ADMIN_ENV, moduleOptions: { identity: { autoConfirm: () => false } } });
    admin = (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the verify-email message filtered by recipient, and its link confirms the account', async () => {
    await signUpUnconfirmed('mb-lin@example.com');
    await signUpUnconfirmed('mb-other@example.com');
    const res = await get('?to=mb-lin@example.com');
    expect(res.statusCode).toBe(200);
    const { items, next_cursor } = res.json() as { items: MailView[]; next_cursor: string | null };
    expect(next_cursor).toBeNull();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ to: 'mb-lin@example.com', subject: expect.stringMatching(/\S/) });
    expect(Date.parse(items[0]!.sent_at)).not.toBeNaN();
    const token = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(items[0]!.text)?.[1];
    expect(items[0]!.html).toContain(`verify-email?token=${token}`);
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/verify-email',
      payload: { token },
    });
    expect(confirmed.json().user).toMatchObject({ email: 'mb-lin@example.com', status: 'active' });
  });

  it('pages newest first without duplicates, even when mail arrives between pages', async () => {
    for (const n of [1, 2, 3, 4]) await signUpUnconfirmed(`mb-page${n}@example.com`);
    const before = (await get('?limit=200')).json().items as MailView[];
    expect(before.slice(0, 4).map((m) => m.to)).toEqual([4, 3, 2, 1].map((n) => `mb-page${n}@example.com`));

    const seen: MailView[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      if (cursor === null) await signUpUnconfirmed('mb-late@example.com');
      seen.push(...res.json().items);
      cursor = res.json().next_cursor;
    } while (cursor);
    expect(seen.map((m) => m.id)).toEqual(before.map((m) => m.id));
    expect((await get('?limit=1')).json().items[0].to).toBe('mb-late@example.com');
  });

  it('rejects a forged cursor (400) and a limit outside 1–200 (422)', async () => {
    const forged = await get(`?cursor=${Buffer.from('forged|x').toString('base64url')}`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('bad_request');
    expect((await get('?limit=0')).statusCode).toBe(422);
    expect((await get('?limit=201')).json().code).toBe('validation_failed');
  });

  it('is for pod_admin only: a user gets 403, no credential 401', async () => {
    await signUpUnconfirmed('mb-nosy@example.com');
    const text = ((await get('?to=mb-nosy@example.com')).json().items as MailView[])[0]!.text;
    const token = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    await t.app.inject({ method: 'POST', url: '/api/v2/auth/verify-email', payload: { token } });
    const user = (await logIn(t.app, 'mb-nosy@example.com', PASSWORD)).access_token;
    const forbidden = await get('', user);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');
    expect((await mailbox(t, '')).statusCode).toBe(401);
  });
});

describe('GET /api/v2/dev/mailbox on a LIVE POD (mail is delivered)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        ...ADMIN_ENV,
        GPUBROKER_POD_ID: 'mb-live',
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'smtp://127.0.0.1:1',
      },
    });
    admin = (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token;
    const headers = { authorization: `Bearer ${admin}` };
    const base = '/api/v2/config/pods/mb-live';
    for (const [key, live_value] of [
      ['stripe.secret_key', 'sk_live_mailboxtest01'],
      ['stripe.webhook_secret', 'whsec_mailboxtest01'],
    ])
      await t.app.inject({
        method: 'PUT',
        url: `${base}/parameters/${key}`,
        headers,
        payload: { live_value },
      });
    const live = await t.app.inject({
      method: 'POST',
      url: `${base}/switch-mode`,
      headers,
      payload: { mode: 'LIVE', confirm: 'mb-live' },
    });
    expect(live.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 not_found, even to a pod_admin', async () => {
    const res = await mailbox(t, '', admin);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    expect((await mailbox(t, '')).statusCode).toBe(401);
  });
});
