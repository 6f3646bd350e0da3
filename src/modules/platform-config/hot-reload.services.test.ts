import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { testRedisUrl } from '../../../test/support/services.js';

// Two server instances of one POD — one PostgreSQL database, one Redis — as behind a load
// balancer. The periodic safety reload is set to an hour, so only the pub/sub announcement can
// carry a change from one instance to the other.
const ADMIN = { email: 'reload@example.com', password: 'hot reload passphrase' };
const podId = `hr-${Date.now().toString(36)}`;
let database: TestDatabase;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    REDIS_URL: testRedisUrl(),
    GPUBROKER_POD_ID: podId,
    // Instances of one POD share the master key (from the secret store in production).
    GPUBROKER_MASTER_KEY: 'ab'.repeat(32),
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://127.0.0.1:1',
    GPUBROKER_ADMIN_EMAIL: ADMIN.email,
    GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
  };
  const moduleOptions = { platformConfig: { refreshMs: 3_600_000 } };
  a = await createTestApp({ env, database, moduleOptions });
  b = await createTestApp({ env, database, moduleOptions });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.destroy();
});

async function adminToken(app: TestApp): Promise<string> {
  const res = await app.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token;
}

describe('configuration hot reload across instances', () => {
  it('a parameter changed through instance A is in effect on instance B without a restart', async () => {
    expect(b.modules.platformConfig.settings.number('markup_percent.enterprise')).toBe(5);
    const res = await a.app.inject({
      method: 'PUT',
      url: `/api/v2/config/pods/${podId}/parameters/markup_percent.enterprise`,
      headers: { authorization: `Bearer ${await adminToken(a)}` },
      payload: { sandbox_value: 4.5 },
    });
    expect(res.statusCode).toBe(200);
    expect(a.modules.platformConfig.settings.number('markup_percent.enterprise')).toBe(4.5);
    await expect
      .poll(() => b.modules.platformConfig.settings.number('markup_percent.enterprise'), { timeout: 5000 })
      .toBe(4.5);
  });

  it('a mode switch on B changes what A does (sign-ups stop being auto-confirmed)', async () => {
    const token = await adminToken(b);
    const headers = { authorization: `Bearer ${token}` };
    for (const [key, live_value] of [
      ['stripe.secret_key', 'sk_live_reloadtest0001'],
      ['stripe.webhook_secret', 'whsec_reloadtest0001'],
    ])
      await b.app.inject({
        method: 'PUT',
        url: `/api/v2/config/pods/${podId}/parameters/${key}`,
        headers,
        payload: { live_value },
      });
    const live = await b.app.inject({
      method: 'POST',
      url: `/api/v2/config/pods/${podId}/switch-mode`,
      headers,
      payload: { mode: 'LIVE', confirm: podId },
    });
    expect(live.statusCode, live.body).toBe(200);
    await expect.poll(() => a.modules.platformConfig.settings.mode(), { timeout: 5000 }).toBe('LIVE');
    const signUp = await a.app.inject({
      method: 'POST',
      url: '/api/v2/auth/register',
      payload: { email: 'after-live@example.com', password: 'a live passphrase', name: 'Live' },
    });
    expect(signUp.json().verification).toBe('email_sent');
    expect(
      (
        await a.app.inject({
          method: 'GET',
          url: '/api/v2/dev/mailbox',
          headers: { authorization: `Bearer ${await adminToken(a)}` },
        })
      ).statusCode,
    ).toBe(404);
  });
});
