import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../../src/app/app.js';
import { loadConfig } from '../../src/platform/config/config.js';

// Deploy → ready latency in SANDBOX: `BENCH_PODS` deploys through HTTP (`BENCH_PODS_CONCURRENCY` at
// a time), each going deploy → outbox event → provisioning job → worker steps → ready, with the
// simulated provider answering at once (provision delay 0): what the platform itself adds. Times
// come from the server's own records (created_at → ready_at of each pod).
const PODS = Number(process.env.BENCH_PODS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_PODS_CONCURRENCY ?? 10);
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin passphrase' };

const config = loadConfig({
  LOG_LEVEL: 'warn',
  PORT: '0',
  GPUBROKER_DATA_DIR: mkdtempSync(join(tmpdir(), 'gpb-bench-pods-')),
  GPUBROKER_ADMIN_EMAIL: ADMIN.email,
  GPUBROKER_ADMIN_PASSWORD: ADMIN.password,
});
const application = await createApplication(config, {}, { moduleOptions: { catalog: { autoSync: false } } });
const { app, modules } = application;
const json = async (method: 'GET' | 'POST' | 'PUT', url: string, token?: string, payload?: object) => {
  const res = await app.inject({
    method,
    url: `/api/v2${url}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};

await modules.catalog.sync.syncProvider('lambda');
const admin = (await json('POST', '/auth/login', undefined, ADMIN)).access_token as string;
for (const [key, value] of [
  ['pods.sandbox.provision_delay_ms', 0],
  ['limits.max_running_pods.free', PODS + 10],
] as const) {
  await json('PUT', `/config/pods/local/parameters/${key}`, admin, { sandbox_value: value });
}
await json('POST', '/auth/register', undefined, {
  email: 'bench-pods@example.com',
  password: 'bench pods passphrase',
  name: 'Bench',
});
const token = (
  await json('POST', '/auth/login', undefined, {
    email: 'bench-pods@example.com',
    password: 'bench pods passphrase',
  })
).access_token as string;
const offer = (await json('GET', '/offers?provider=lambda&available=true&limit=1')).items[0];

const started = performance.now();
const podIds: string[] = [];
let next = 0;
async function lane() {
  while (next < PODS) {
    next++;
    const draft = await json('POST', '/pods/drafts', token, { name: `bench-${next}`, offer_id: offer.id });
    podIds.push((await json('POST', `/pods/drafts/${draft.id}/deploy`, token)).pod.id);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, lane));
const rows = async () =>
  (
    await application.platform.database.executeSql<{ ms: number | string | null }>(
      `select extract(epoch from (ready_at - created_at)) * 1000 as ms from pods where status = 'ready'`,
    )
  ).rows;
const deadline = Date.now() + 600_000;
while ((await rows()).length < PODS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
const latencies = (await rows()).map((r) => Number(r.ms)).sort((a, b) => a - b);
const at = (q: number) =>
  Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1));
process.stdout.write(
  `${JSON.stringify({
    port: 0,
    pods: {
      deploys: PODS,
      ready: latencies.length,
      concurrency: CONCURRENCY,
      provision_delay_ms: 0,
      deploy_to_ready_ms: { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? null },
      wall_s: Number(((performance.now() - started) / 1000).toFixed(1)),
    },
  })}\n`,
);
process.on('SIGTERM', () => application.close().then(() => process.exit(0)));
