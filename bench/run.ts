import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchRealtime } from './realtime/run-realtime.js';

/**
 * `npm run bench`: figures as JSON on stdout. Every figure is measured next to a baseline in
 * the same run on the same machine, and reported as a ratio too: these machines are noisy.
 * Servers run in child processes so the load generator does not share their event loop.
 */
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function startServer(
  script: string,
  env: Record<string, string> = {},
): Promise<{ port: number; child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'servers', script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (chunk) => {
      buf += chunk;
      const line = buf.split('\n').find((l) => l.startsWith('{"port"'));
      if (line) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { port: info.port as number, child, info };
}

async function load(
  url: string,
  durationS: number,
  opts: { connections?: number; method?: 'POST'; body?: string } = {},
) {
  const result = await autocannon({
    url,
    connections: opts.connections ?? CONNECTIONS,
    duration: durationS,
    pipelining: 1,
    ...(opts.method
      ? { method: opts.method, body: opts.body, headers: { 'content-type': 'application/json' } }
      : {}),
  });
  return {
    requests_per_s: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  const bare = await startServer('bare.ts');
  const app = await startServer('app.ts');
  try {
    const bareUrl = `http://127.0.0.1:${bare.port}/healthz`;
    const appUrl = `http://127.0.0.1:${app.port}/healthz`;
    await load(bareUrl, 1); // warm-up (JIT) for both
    await load(appUrl, 1);
    const baseline = await load(bareUrl, DURATION_S);
    const ours = await load(appUrl, DURATION_S);

    // Login latency: one client at a time (p50 is what a user waits), then 8 at once.
    const credentials = { email: 'bench@example.com', password: 'bench password 42' };
    const registered = await fetch(`http://127.0.0.1:${app.port}/api/v2/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...credentials, name: 'Bench' }),
    });
    if (registered.status !== 201) throw new Error(`bench sign-up failed: ${registered.status}`);
    const body = JSON.stringify(credentials);
    const loginUrl = `http://127.0.0.1:${app.port}/api/v2/auth/login`;
    const bareLoginUrl = `http://127.0.0.1:${bare.port}/login`;
    const login = { method: 'POST' as const, body };
    await load(bareLoginUrl, 1, { ...login, connections: 1 });
    await load(loginUrl, 1, { ...login, connections: 1 });
    const loginBaseline = await load(bareLoginUrl, DURATION_S, { ...login, connections: 1 });
    const loginOurs = await load(loginUrl, DURATION_S, { ...login, connections: 1 });
    const loginBaseline8 = await load(bareLoginUrl, DURATION_S, { ...login, connections: 8 });
    const loginOurs8 = await load(loginUrl, DURATION_S, { ...login, connections: 8 });
    const report = {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: { duration_s: DURATION_S, connections: CONNECTIONS },
      healthz: {
        baseline_bare_fastify: baseline,
        gpubroker: ours,
        ratio_requests_per_s: Number((ours.requests_per_s / baseline.requests_per_s).toFixed(3)),
        ratio_p99: Number((ours.latency_p99_ms / Math.max(baseline.latency_p99_ms, 1)).toFixed(3)),
      },
      login: {
        note: 'baseline = bare Fastify route doing one argon2id verify with the same parameters',
        one_client: {
          baseline_argon2_only: loginBaseline,
          gpubroker: loginOurs,
          ratio_p50: Number(
            (loginOurs.latency_p50_ms / Math.max(loginBaseline.latency_p50_ms, 1)).toFixed(3),
          ),
        },
        eight_clients: {
          baseline_argon2_only: loginBaseline8,
          gpubroker: loginOurs8,
          ratio_requests_per_s: Number(
            (loginOurs8.requests_per_s / loginBaseline8.requests_per_s).toFixed(3),
          ),
        },
      },
    };
    bare.child.kill('SIGTERM');
    app.child.kill('SIGTERM');
    const offers = await benchOffers();
    const ingestOnPostgres = await benchIngestOnPostgres();
    const pods = await benchPods();
    const realtime = await benchRealtime();
    process.stdout.write(
      `${JSON.stringify({ ...report, offers, ingest_on_postgresql: ingestOnPostgres, pods, ...realtime }, null, 2)}\n`,
    );
  } finally {
    bare.child.kill('SIGTERM');
    app.child.kill('SIGTERM');
  }
}

/**
 * GET /offers on a 50,000-offer catalog: a filtered, price-sorted 50-item page against bare
 * Fastify returning the same page as a static value through the same response schema; then the
 * best-value (TOPSIS) page. Ingest and whole-catalog TOPSIS times come from the server itself.
 */
async function benchOffers() {
  const catalog = await startServer('catalog.ts');
  let baseline: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const filters =
      'gpu_model=A100-80GB-SXM&gpu_model=H100-80GB-SXM&gpu_model=L40S-48GB&available=true&min_vcpus=8';
    const pageUrl = `http://127.0.0.1:${catalog.port}/api/v2/offers?${filters}&sort=price&limit=50`;
    const valueUrl = `http://127.0.0.1:${catalog.port}/api/v2/offers?${filters}&sort=value&limit=50`;
    const first = await fetch(pageUrl);
    if (first.status !== 200) throw new Error(`bench offers page: ${first.status}`);
    const page = (await first.json()) as { items: unknown[] };
    if (page.items.length !== 50) throw new Error(`bench offers page has ${page.items.length} items, not 50`);
    const file = join(tmpdir(), `gpb-bench-page-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(page));
    baseline = await startServer('static-offers.ts', { BENCH_STATIC_PAGE: file });
    const staticUrl = `http://127.0.0.1:${baseline.port}/offers`;
    await load(staticUrl, 1);
    await load(pageUrl, 1);
    await load(valueUrl, 1);
    const staticPage = await load(staticUrl, DURATION_S);
    const filtered = await load(pageUrl, DURATION_S);
    const value = await load(valueUrl, DURATION_S);
    return {
      catalog: catalog.info.catalog,
      filters,
      baseline_static_page: staticPage,
      filtered_price_sorted: filtered,
      filtered_value_sorted: value,
      ratio_requests_per_s: Number((filtered.requests_per_s / staticPage.requests_per_s).toFixed(3)),
      ratio_value_requests_per_s: Number((value.requests_per_s / staticPage.requests_per_s).toFixed(3)),
    };
  } finally {
    catalog.child.kill('SIGTERM');
    baseline?.child.kill('SIGTERM');
  }
}

await main();

/** The same 50,000-offer import on PostgreSQL (`BENCH_PG_URL`, default the local server), when reachable. */
async function benchIngestOnPostgres() {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer('catalog.ts', { BENCH_PG_URL: url });
    return server.info.catalog;
  } catch (err) {
    return {
      skipped: `PostgreSQL at ${url} not usable: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    server?.child.kill('SIGTERM');
  }
}

/** Deploy → ready latency of SANDBOX pods (the server measures and reports it; see servers/pods.ts). */
async function benchPods() {
  const server = await startServer('pods.ts');
  server.child.kill('SIGTERM');
  return server.info.pods;
}
