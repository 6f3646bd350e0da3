import { expect } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/platform/clock/clock.js';
import { createTestApp, type TestApp } from './app.js';
import { signUp } from './authz-matrix.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Reply = Promise<Awaited<ReturnType<TestApp['app']['inject']>>>;
interface Account {
  email: string;
  password: string;
}

/**
 * The real server on the manual clock, with a bootstrap admin and one signed-up user, for tests
 * that move time (metering, renewals, grace periods). Access tokens live 15 minutes on that
 * clock: `advance` moves it and signs both in again.
 */
export interface ClockedApp {
  t: TestApp;
  clock: ManualClock;
  /** The user's access token (replaced by `advance` and `relogin`). */
  token: string;
  /** As the user. */
  call(method: Method, url: string, payload?: object, headers?: Record<string, string>): Reply;
  /** As the admin; `type` sends a raw body (e.g. a CSV import). */
  asAdmin(method: Method, url: string, payload?: object | string, type?: string): Reply;
  setParameter(key: string, value: unknown): Promise<void>;
  advance(seconds: number): Promise<void>;
  relogin(): Promise<void>;
  /** The user's captured mail (SANDBOX dev mailbox), newest first. */
  mailbox(): Promise<Array<{ subject: string; text: string }>>;
  /** Activates a ready pod with the link of its newest activation mail. */
  activate(): Promise<void>;
  close(): Promise<void>;
}

export async function startClockedApp(opts: {
  start: Date | number;
  admin: Account;
  user: Account;
}): Promise<ClockedApp> {
  const clock = createManualClock(opts.start);
  const t = await createTestApp({
    clock,
    env: { GPUBROKER_ADMIN_EMAIL: opts.admin.email, GPUBROKER_ADMIN_PASSWORD: opts.admin.password },
  });
  const login = async (who: Account) =>
    (await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: who })).json()
      .access_token as string;
  let adminToken = await login(opts.admin);
  const inject = (
    token: string,
    method: Method,
    url: string,
    payload?: object | string,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/api/v2${url}`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload !== undefined ? { payload } : {}),
    });
  const app: ClockedApp = {
    t,
    clock,
    token: await signUp(t.app, opts.user.email, opts.user.password),
    call: (method, url, payload, headers) => inject(app.token, method, url, payload, headers),
    asAdmin: (method, url, payload, type) =>
      inject(adminToken, method, url, payload, type ? { 'content-type': type } : {}),
    async setParameter(key, value) {
      const res = await app.asAdmin('PUT', `/config/pods/local/parameters/${key}`, { sandbox_value: value });
      expect(res.statusCode, res.body).toBe(200);
    },
    async relogin() {
      app.token = await login(opts.user);
      adminToken = await login(opts.admin);
    },
    async advance(seconds) {
      clock.advanceMs(seconds * 1000);
      await app.relogin();
    },
    async mailbox() {
      return (await app.asAdmin('GET', `/dev/mailbox?to=${encodeURIComponent(opts.user.email)}`)).json()
        .items;
    },
    async activate() {
      const link = (await app.mailbox()).map((m) => /token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1]).find(Boolean);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v2/pods/activate',
        payload: { token: link },
      });
      expect(res.statusCode, res.body).toBe(200);
    },
    close: () => t.close(),
  };
  return app;
}
