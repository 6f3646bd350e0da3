import { afterAll, describe, expect, it } from 'vitest';
import { cleanUpProcesses, dataDir, listening, start } from '../support/process.js';

afterAll(cleanUpProcesses);

// The real server process is killed with SIGKILL while it provisions a pod (its simulated
// instance created, not running yet); a new process on the same data dir must bring the same pod
// to ready — one instance, a complete status history — without anyone asking.
const ADMIN = { email: 'crash-admin@example.com', password: 'crash admin passphrase' };
const USER = { email: 'crash-user@example.com', password: 'crash user passphrase', name: 'Crash' };

async function api(
  url: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
) {
  const res = await fetch(`${url}/api/v2${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}
const login = async (url: string, who: { email: string; password: string }) =>
  (await api(url, '/auth/login', { method: 'POST', body: { email: who.email, password: who.password } })).json
    .access_token as string;

describe('a worker killed in the middle of provisioning', { timeout: 120_000 }, () => {
  it('converges after restart to one ready pod with a complete status history', async () => {
    const dir = dataDir();
    const env = {
      GPUBROKER_DATA_DIR: dir,
      GPUBROKER_ADMIN_EMAIL: ADMIN.email,
      GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
    };
    const first = start(env);
    const url = await listening(first);
    const admin = await login(url, ADMIN);
    for (const [key, value] of [
      ['pods.sandbox.provision_delay_ms', 5_000],
      // Short calls, so the dead worker's lease (3 call timeouts + 5 s) expires within seconds.
      ['catalog.provider_timeout_ms', 1_000],
    ] as const) {
      const res = await api(url, `/config/pods/local/parameters/${key}`, {
        method: 'PUT',
        token: admin,
        body: { sandbox_value: value },
      });
      expect(res.status, res.text).toBe(200);
    }
    expect(
      (await api(url, '/admin/catalog/providers/lambda/sync', { method: 'POST', token: admin })).status,
    ).toBe(200);
    expect((await api(url, '/auth/register', { method: 'POST', body: USER })).status).toBe(201);
    const token = await login(url, USER);
    const offer = (await api(url, '/offers?provider=lambda&available=true&limit=1')).json.items[0];
    const draft = await api(url, '/pods/drafts', {
      method: 'POST',
      token,
      body: { name: 'crash', offer_id: offer.id },
    });
    const deployed = await api(url, `/pods/drafts/${draft.json.id}/deploy`, { method: 'POST', token });
    expect(deployed.status, deployed.text).toBe(202);
    const podId = deployed.json.pod.id as string;

    // Wait until the provider has the instance (creating), then kill the process outright.
    const created = (h: { detail: string | null }) =>
      /^instance sbx-[0-9a-f]+ at lambda/.test(h.detail ?? '');
    await expect
      .poll(async () => (await api(url, `/pods/${podId}`, { token })).json.status_history.some(created), {
        timeout: 30_000,
        interval: 100,
      })
      .toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = start(env);
    const url2 = await listening(second);
    const token2 = await login(url2, USER);
    await expect
      .poll(async () => (await api(url2, `/pods/${podId}`, { token: token2 })).json.status, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('ready');
    const pod = (await api(url2, `/pods/${podId}`, { token: token2 })).json;
    expect(pod.status_history.map((h: { status: string }) => h.status)).toEqual([
      'pending',
      'provisioning',
      'provisioning',
      'ready',
    ]);
    expect(pod.status_history.filter(created)).toHaveLength(1);
    expect(pod.attempts).toBe(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
