import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createManualClock } from '../../platform/clock/clock.js';

// Account administration by a pod_admin: role changes and disabling take effect at once.
const clock = createManualClock(Date.UTC(2026, 10, 28, 10, 0, 0));
const ADMIN = { email: 'root@example.com', password: 'the admin passphrase' };
const PASSWORD = 'an ordinary passphrase';
let t: TestApp;
let adminToken: string;
beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  adminToken = (await login(ADMIN.email, ADMIN.password)).json().access_token;
});
afterAll(async () => {
  await t?.close();
});

function call(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  opts: { token?: string; payload?: object } = {},
) {
  return t.app.inject({
    method,
    url: `/api/v2${url}`,
    ...(opts.payload ? { payload: opts.payload } : {}),
    ...(opts.token ? { headers: { authorization: `Bearer ${opts.token}` } } : {}),
  });
}
const login = (email: string, password = PASSWORD) =>
  call('POST', '/auth/login', { payload: { email, password } });

async function user(email: string) {
  const reg = await call('POST', '/auth/register', { payload: { email, password: PASSWORD, name: 'U' } });
  expect(reg.statusCode).toBe(201);
  const session = (await login(email)).json();
  return { id: reg.json().user.id as string, access: session.access_token, refresh: session.refresh_token };
}

describe('admin users', () => {
  it('lists accounts newest first with filters and cursor pages', async () => {
    for (const n of [1, 2, 3]) await user(`list-${n}@example.com`);
    const first = await call('GET', '/admin/users?email=list-&limit=2', { token: adminToken });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((u: { email: string }) => u.email)).toEqual([
      'list-3@example.com',
      'list-2@example.com',
    ]);
    const next = await call('GET', `/admin/users?email=list-&limit=2&cursor=${first.json().next_cursor}`, {
      token: adminToken,
    });
    expect(next.json()).toMatchObject({ items: [{ email: 'list-1@example.com' }], next_cursor: null });
    const admins = await call('GET', '/admin/users?role=pod_admin', { token: adminToken });
    expect(admins.json().items.map((u: { email: string }) => u.email)).toEqual([ADMIN.email]);
    // A LIKE wildcard in the filter is literal.
    expect((await call('GET', '/admin/users?email=%25', { token: adminToken })).json().items).toEqual([]);
  });

  it('changes a role: tokens issued before stop working at once, a new login carries the role', async () => {
    const u = await user('promote@example.com');
    clock.advanceMs(1000);
    const res = await call('PATCH', `/admin/users/${u.id}`, { token: adminToken, payload: { role: 'pro' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('pro');
    expect((await call('GET', '/me', { token: u.access })).statusCode).toBe(401);
    const fresh = (await login('promote@example.com')).json();
    expect(fresh.user.role).toBe('pro');
    expect((await call('GET', '/me', { token: fresh.access_token })).json().role).toBe('pro');
    const events = await call('GET', `/admin/auth-events?user_id=${u.id}&type=role_changed`, {
      token: adminToken,
    });
    expect(events.json().items[0].detail).toMatchObject({ from: 'user', to: 'pro' });
  });

  it('disables an account: sessions end now and login is refused; enabling lets it back in', async () => {
    const u = await user('disable@example.com');
    clock.advanceMs(1000);
    const off = await call('PATCH', `/admin/users/${u.id}`, {
      token: adminToken,
      payload: { status: 'disabled' },
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().status).toBe('disabled');
    expect((await call('GET', '/me', { token: u.access })).statusCode).toBe(401);
    expect((await call('POST', '/auth/refresh', { payload: { refresh_token: u.refresh } })).statusCode).toBe(
      401,
    );
    expect((await login('disable@example.com')).statusCode).toBe(403);

    const on = await call('PATCH', `/admin/users/${u.id}`, {
      token: adminToken,
      payload: { status: 'active' },
    });
    expect(on.statusCode).toBe(200);
    expect((await login('disable@example.com')).statusCode).toBe(200);
  });

  it('refuses changing oneself (409), unknown users (404) and empty patches (422)', async () => {
    const me = (await call('GET', '/me', { token: adminToken })).json();
    const self = await call('PATCH', `/admin/users/${me.id}`, {
      token: adminToken,
      payload: { role: 'user' },
    });
    expect(self.statusCode).toBe(409);
    const unknown = await call('PATCH', '/admin/users/usr_nobody', {
      token: adminToken,
      payload: { role: 'pro' },
    });
    expect(unknown.statusCode).toBe(404);
    const u = await user('empty@example.com');
    expect((await call('PATCH', `/admin/users/${u.id}`, { token: adminToken, payload: {} })).statusCode).toBe(
      422,
    );
    expect(
      (await call('PATCH', `/admin/users/${u.id}`, { token: adminToken, payload: { role: 'root' } }))
        .statusCode,
    ).toBe(422);
  });

  it('a password change cuts off access tokens issued before it', async () => {
    const u = await user('cut@example.com');
    clock.advanceMs(1000);
    const changed = await call('POST', '/auth/password', {
      token: u.access,
      payload: { current_password: PASSWORD, new_password: 'a newer passphrase 7' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await call('GET', '/me', { token: u.access })).statusCode).toBe(401);
    expect((await call('GET', '/me', { token: changed.json().access_token })).statusCode).toBe(200);
  });
});
