import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { signUp } from '../support/authz-matrix.js';

// Concurrency of deploys and provisioning, on PGlite (`int`) and on the real PostgreSQL with its
// connection pool (`services`), where the 50 requests really run at once.
const ADMIN = { email: 'pods-race-admin@example.com', password: 'pods race admin passphrase' };
let t: TestApp;
let token: string;

const count = async (sql: string, params: unknown[]) =>
  Number((await t.database.executeSql<{ n: number | string }>(sql, params)).rows[0]?.n);

beforeAll(async () => {
  t = await createTestApp({
    env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
  });
  expect((await t.modules.catalog.sync.syncProvider('lambda')).ok).toBe(true);
  token = await signUp(t.app, 'pods-race@example.com', 'pods race passphrase');
  const admin = (await t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: ADMIN })).json();
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/v2/config/pods/local/parameters/pods.sandbox.provision_delay_ms',
    headers: { authorization: `Bearer ${admin.access_token}` },
    payload: { sandbox_value: 300 },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('pods under concurrency', () => {
  it('50 concurrent deploys with one Idempotency-Key create exactly one pod and one provider instance', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const offer = (
      await t.app.inject({ method: 'GET', url: '/api/v2/offers?provider=lambda&available=true&limit=1' })
    ).json().items[0];
    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/v2/pods/drafts',
      headers,
      payload: { name: 'race', offer_id: offer.id },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const deploys = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v2/pods/drafts/${draft.json().id}/deploy`,
          headers: { ...headers, 'idempotency-key': 'race-key-50' },
        }),
      ),
    );
    expect(deploys.map((d) => d.statusCode)).toEqual(Array(50).fill(202));
    const ids = new Set(deploys.map((d) => d.json().pod.id as string));
    expect(ids.size).toBe(1);
    const [podId] = [...ids];
    const userId = (await t.app.inject({ method: 'GET', url: '/api/v2/me', headers })).json().id;
    expect(await count('select count(*) as n from pods where user_id = $1', [userId])).toBe(1);

    // Fifty workers stepping the same pod at once (on top of the real job): one instance at the provider.
    await Promise.all(Array.from({ length: 50 }, () => t.modules.pods.provisionStep(podId!)));
    await expect
      .poll(
        async () =>
          (await t.app.inject({ method: 'GET', url: `/api/v2/pods/${podId}`, headers })).json().status,
        { timeout: 15_000, interval: 100 },
      )
      .toBe('ready');
    expect(await count('select count(*) as n from sandbox_instances where pod_id = $1', [podId])).toBe(1);
    const pod = (await t.app.inject({ method: 'GET', url: `/api/v2/pods/${podId}`, headers })).json();
    // One "instance <id> at lambda" entry (the create): no step created or recorded a second one.
    expect(
      pod.status_history.filter((h: { detail: string }) =>
        /^instance sbx-[0-9a-f]+ at lambda/.test(h.detail ?? ''),
      ),
      JSON.stringify(pod.status_history, null, 1),
    ).toHaveLength(1);
    expect(
      await count(
        "select count(*) as n from outbox_events where topic = 'pod.deploy_requested' and key = $1",
        [podId],
      ),
    ).toBe(1);
  });
});
