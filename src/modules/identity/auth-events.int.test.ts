import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { logIn, register, signUp } from '../../../test/support/authz-matrix.js';

// GET /admin/auth-events: the authentication audit log, read by a pod_admin.
const ADMIN = { email: 'events-admin@example.com', password: 'events admin passphrase' };
const PASSWORD = 'events user passphrase';
const UA = 'auth-events-test/1.0';
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
    moduleOptions: { identity: { loginLimits: { perIp: 10_000, perAccount: 100, windowMs: 60_000 } } },
  });
  admin = (await logIn(t.app, ADMIN.email, ADMIN.password)).access_token;
});
afterAll(async () => {
  await t?.close();
});

interface EventView {
  id: string;
  at: string;
  user_id: string | null;
  type: string;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}
const get = (query: string, token = admin) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v2/admin/auth-events${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
const login = (email: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v2/auth/login',
    payload: { email, password },
    headers: { 'user-agent': UA },
  });

/** Every page of `query`, following next_cursor; `between` runs after the first page. */
async function allPages(query: string, between?: () => Promise<unknown>): Promise<EventView[]> {
  const items: EventView[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: EventView[]; next_cursor: string | null };
    if (cursor === null && between) await between();
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

describe('GET /api/v2/admin/auth-events', () => {
  it('shows a failed and a successful login with ip and user agent, filtered by type and user', async () => {
    const userId = await register(t.app, 'events-lin@example.com', PASSWORD);
    expect((await login('events-lin@example.com', 'wrong password')).statusCode).toBe(401);
    expect((await login('events-lin@example.com', PASSWORD)).statusCode).toBe(200);

    const failed = await get(`?type=login_failed&user_id=${userId}`);
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toEqual({
      items: [
        {
          id: expect.stringMatching(/\S/),
          at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          user_id: userId,
          type: 'login_failed',
          ip: '127.0.0.1',
          user_agent: UA,
          detail: expect.any(Object),
        },
      ],
      next_cursor: null,
    });

    const mine = (await get(`?user_id=${userId}`)).json().items as EventView[];
    expect(mine.map((e) => e.type)).toEqual(['login_succeeded', 'login_failed', 'user_registered']);
    expect(mine.every((e) => e.user_id === userId)).toBe(true);
    expect(mine[0]).toMatchObject({ ip: '127.0.0.1', user_agent: UA });
    const successes = (await get('?type=login_succeeded')).json().items as EventView[];
    expect(successes.map((e) => e.type)).toEqual(successes.map(() => 'login_succeeded'));
    expect(successes.some((e) => e.user_id === userId)).toBe(true);
  });

  it('pages newest first without duplicates or gaps, even when events arrive between pages', async () => {
    for (const n of [1, 2, 3]) await signUp(t.app, `events-page${n}@example.com`, PASSWORD);
    const before = (await get('?limit=200')).json().items as EventView[];
    expect(before.length).toBeGreaterThan(6);

    const paged = await allPages('?limit=2', () => signUp(t.app, 'events-late@example.com', PASSWORD));
    // The late sign-up sorts before the first page, so later pages show exactly the earlier log.
    expect(paged.map((e) => e.id)).toEqual(before.map((e) => e.id));
    const after = (await get('?limit=200')).json().items as EventView[];
    expect(after.length).toBe(before.length + 2);
  });

  it('orders events of the same instant by id and keeps microseconds in the cursor', async () => {
    const at = ['2020-01-01T00:00:00.000001Z', '2020-01-01T00:00:00.000002Z'];
    const rows = [
      ['evt_tie_a', at[0]],
      ['evt_tie_b', at[0]],
      ['evt_tie_c', at[0]],
      ['evt_tie_d', at[1]],
      ['evt_tie_e', at[1]],
    ];
    for (const [id, when] of rows) {
      await t.database.executeSql(
        `insert into auth_events (id, user_id, type, detail, at) values ($1, 'usr_tie', 'logout', '{}', $2)`,
        [id, when],
      );
    }
    const paged = await allPages('?user_id=usr_tie&limit=2');
    expect(paged.map((e) => e.id)).toEqual(['evt_tie_e', 'evt_tie_d', 'evt_tie_c', 'evt_tie_b', 'evt_tie_a']);
  });

  it('rejects a forged cursor (400), a bad limit or an unknown type (422)', async () => {
    const forged = await get(`?cursor=${Buffer.from('not-a-cursor').toString('base64url')}`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('bad_request');
    expect((await get('?limit=0')).statusCode).toBe(422);
    expect((await get('?limit=201')).statusCode).toBe(422);
    expect((await get('?type=something_else')).json().code).toBe('validation_failed');
  });

  it('is for pod_admin only: a user gets 403, no credential 401', async () => {
    const user = await signUp(t.app, 'events-nosy@example.com', PASSWORD);
    expect((await get('', user)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v2/admin/auth-events' });
    expect(anonymous.statusCode).toBe(401);
  });
});
