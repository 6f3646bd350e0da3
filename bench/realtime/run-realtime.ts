import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { BENCH_CHANNEL } from './common.js';
import { BenchProcess } from './proc.js';
import { type ClientReport, fanoutFigures, perConnection } from './stats.js';

/**
 * The realtime fan-out figure: one price event published to N sockets subscribed to
 * `prices:H100-80GB-SXM` on the real app (gateway + embedded bus), against a bare `ws` server sending
 * the same frame bytes to N sockets. Servers and clients are child processes (each server's
 * clients split over two, the fd limit being 20,000 per process); latency = client receive time −
 * the stamp the publisher put in the event, both `performance.timeOrigin + performance.now()`.
 * Both servers hold their N sockets at once and their publishes alternate (one fan-out in flight at
 * a time), so background load on this shared, noisy machine hits both alike; `ratio_vs_bare_ws`
 * compares them in the same window. BENCH_WS_SELF_CHECK=1 puts the bare server on both sides.
 */
const CLIENTS = Number(process.env.BENCH_WS_CLIENTS ?? 10_000);
const PUBLISHES = Number(process.env.BENCH_WS_PUBLISHES ?? 20);
const WARMUP = Number(process.env.BENCH_WS_WARMUP ?? 2);
/** From the last delivery of one publish to the next publish (to either server). */
const SPACING_MS = Number(process.env.BENCH_WS_SPACING_MS ?? 200);
const CLIENT_PROCESSES = 2;
/** A directory: both servers run with `--cpu-prof` and write their profile there on exit. */
const CPU_PROF_DIR = process.env.BENCH_WS_CPU_PROF;
const SELF_CHECK = process.env.BENCH_WS_SELF_CHECK === '1';

const here = import.meta.dirname;
type Memory = { rss: number; heap_used: number };

interface Target {
  kind: 'bare_ws' | 'gpubroker';
  server: BenchProcess;
  clients: BenchProcess[];
  sockets: number;
  failures: string[];
  connectMs: number;
  memory: { before: Memory; after: Memory };
  /** Stamps of the measured (non-warm-up) publishes. */
  measured: number[];
}

async function signIn(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}/api/v2`;
  const credentials = { email: 'bench-ws@example.com', password: 'bench password 42' };
  const post = (path: string, body: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const registered = await post('/auth/register', { ...credentials, name: 'Bench WS' });
  if (registered.status !== 201) throw new Error(`bench sign-up failed: ${registered.status}`);
  const login = await post('/auth/login', credentials);
  if (login.status !== 200) throw new Error(`bench login failed: ${login.status}`);
  return ((await login.json()) as { access_token: string }).access_token;
}

/** Starts the server, then connects (and subscribes) its N sockets; memory is read around that. */
async function start(kind: Target['kind'], started: Target[]): Promise<Target> {
  const nodeArgs = ['--expose-gc', ...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [])];
  // BENCH_WS_SELF_CHECK=1: the bare server on both sides, to see the harness's own bias (ratio ≈ 1).
  const script = kind === 'bare_ws' || SELF_CHECK ? 'realtime-bare.ts' : 'realtime-app.ts';
  const server = new BenchProcess(kind, join(here, '..', 'servers', script), { nodeArgs });
  const target: Target = {
    kind,
    server,
    clients: [],
    sockets: 0,
    failures: [],
    connectMs: 0,
    memory: { before: { rss: 0, heap_used: 0 }, after: { rss: 0, heap_used: 0 } },
    measured: [],
  };
  started.push(target);
  const port = (await server.next('port', 60_000)).port as number;
  const token = kind === 'gpubroker' && !SELF_CHECK ? await signIn(port) : 'bare';
  target.memory.before = (await server.ask('mem', 'mem')).mem as Memory;
  for (let p = 0; p < CLIENT_PROCESSES; p++) {
    const count = Math.floor(CLIENTS / CLIENT_PROCESSES) + (p < CLIENTS % CLIENT_PROCESSES ? 1 : 0);
    const env: Record<string, string> = {
      BENCH_WS_URL: kind === 'gpubroker' ? `ws://127.0.0.1:${port}/api/v2/ws` : `ws://127.0.0.1:${port}/`,
      BENCH_WS_COUNT: String(count),
      BENCH_WS_CHANNEL: BENCH_CHANNEL,
      BENCH_WS_EXPECT: String(WARMUP + PUBLISHES),
      BENCH_WS_TOKEN: token,
    };
    target.clients.push(new BenchProcess(`${kind} clients ${p}`, join(here, 'clients.ts'), { env }));
  }
  const ready = await Promise.all(target.clients.map((c) => c.next('ready', 300_000)));
  target.sockets = ready.reduce((sum, r) => sum + (r.ready as number), 0);
  target.failures = ready.flatMap((r) => r.failures as string[]);
  target.connectMs = Math.max(...ready.map((r) => r.connect_ms as number));
  if (target.sockets === 0) throw new Error(`${kind}: no socket got ready (${target.failures.join('; ')})`);
  await sleep(500); // the handshakes' garbage goes before the reading
  target.memory.after = (await server.ask('mem', 'mem')).mem as Memory;
  return target;
}

async function results(t: Target) {
  const completion = await Promise.allSettled(t.clients.map((c) => c.next('complete', 30_000)));
  const reports = await Promise.all(
    t.clients.map(async (c) => (await c.ask('report', 'report', 60_000)).report as ClientReport),
  );
  const closes: Record<string, number> = {};
  for (const r of reports)
    for (const [code, n] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + n;
  return {
    sockets: t.sockets,
    sockets_failed: CLIENTS - t.sockets,
    ...(t.failures.length ? { first_failures: t.failures } : {}),
    connect_ms: t.connectMs,
    ...fanoutFigures(reports, t.measured, t.sockets),
    all_delivered: completion.every((c) => c.status === 'fulfilled'),
    unexpected_closes: closes,
    memory_per_connection: perConnection(t.memory.before, t.memory.after, t.sockets),
  };
}

export async function benchRealtime(): Promise<Record<string, unknown>> {
  const targets: Target[] = [];
  try {
    const bare = await start('bare_ws', targets);
    const ours = await start('gpubroker', targets);
    for (let n = 1; n <= WARMUP + PUBLISHES; n++)
      for (const t of n % 2 ? [bare, ours] : [ours, bare]) {
        const published = await t.server.ask(`publish ${n}`, 'published');
        if (n > WARMUP) t.measured.push(published.stamp as number);
        // One fan-out at a time: the next starts once every socket has this one (or 10 s passed).
        await Promise.allSettled(t.clients.map((c) => c.next('got', 10_000, published.stamp)));
        await sleep(SPACING_MS);
      }
    const baseline = await results(bare);
    const gpubroker = await results(ours);
    const ratio = Number((baseline.time_to_last_delivery_ms / gpubroker.time_to_last_delivery_ms).toFixed(3));
    return {
      realtime_fanout: {
        note:
          'one prices:H100-80GB-SXM event to every socket; baseline = bare ws server sending the same frame ' +
          'bytes to every client, its publishes alternating with ours (one fan-out at a time); latency = client receive − publisher ' +
          'stamp; figures over the measured publishes (warm-up excluded); memory = server RSS and heapUsed ' +
          '(after GC) with the sockets subscribed − before, ÷ sockets',
        machine: { cpus: cpus().length, node: process.version },
        settings: {
          clients: CLIENTS,
          client_processes_per_server: CLIENT_PROCESSES,
          publishes: PUBLISHES,
          warmup_publishes: WARMUP,
          spacing_ms: SPACING_MS,
          ...(SELF_CHECK ? { self_check: 'bare ws on both sides' } : {}),
        },
        baseline_bare_ws: baseline,
        gpubroker: { ...gpubroker, ratio_vs_bare_ws: ratio },
        goal: {
          ratio_vs_bare_ws_min: 0.7,
          latency_p99_max_ms: 200,
          met: ratio >= 0.7 && gpubroker.latency_p99_ms <= 200 && gpubroker.missing_deliveries === 0,
        },
      },
    };
  } finally {
    await Promise.all(targets.flatMap((t) => t.clients.map((c) => c.stop())));
    await Promise.all(targets.map((t) => t.server.stop()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchRealtime(), null, 2)}\n`);
}
