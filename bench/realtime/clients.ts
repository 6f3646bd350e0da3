import WebSocket from 'ws';
import { onCommands, reply, wallNow } from './common.js';

/**
 * One client process of the fan-out bench: opens BENCH_WS_COUNT sockets to BENCH_WS_URL, each
 * authenticating with BENCH_WS_TOKEN and subscribing to BENCH_WS_CHANNEL. Prints {"ready":…} once
 * every socket is subscribed (or failed), {"got":stamp} once every subscribed socket got an event,
 * {"complete":true} once each socket got BENCH_WS_EXPECT events; `report` answers every delivery's
 * latency.
 */
const url = process.env.BENCH_WS_URL!;
const count = Number(process.env.BENCH_WS_COUNT ?? 5_000);
const token = process.env.BENCH_WS_TOKEN ?? '';
const channel = process.env.BENCH_WS_CHANNEL ?? '';
const expect = Number(process.env.BENCH_WS_EXPECT ?? 0);
const concurrency = Number(process.env.BENCH_WS_CONCURRENCY ?? 100);

interface Published {
  /** The publisher's stamp, read from the event's data. */
  stamp: number;
  receivedAt: number[];
}
const bySeq = new Map<number, Published>();
const closes = new Map<number, number>();
const failures: string[] = [];
const sockets: WebSocket[] = [];
let delivered = 0;
let ready = 0;
let failed = 0;
let completeSent = false;

function onEvent(text: string, at: number): void {
  const i = text.indexOf('"seq":');
  const seq = Number.parseInt(text.slice(i + 6, i + 24), 10);
  let p = bySeq.get(seq);
  if (!p) {
    // Once per event and process: the stamp is in the data (`bench_published_at`).
    const message = JSON.parse(text) as { data: { bench_published_at: number } };
    p = { stamp: message.data.bench_published_at, receivedAt: [] };
    bySeq.set(seq, p);
  }
  p.receivedAt.push(at);
  delivered += 1;
  if (p.receivedAt.length === ready) reply({ got: p.stamp });
  if (!completeSent && expect > 0 && delivered >= expect * count) {
    completeSent = true;
    reply({ complete: true, delivered });
  }
}

function open(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let settled = false;
    const settle = (ok: boolean, why?: string) => {
      if (settled) return;
      settled = true;
      if (ok) ready += 1;
      else {
        failed += 1;
        if (failures.length < 5 && why) failures.push(why);
      }
      resolve();
    };
    ws.on('open', () => {
      sockets.push(ws);
      ws.send(JSON.stringify({ type: 'auth', token }));
      ws.send(JSON.stringify({ type: 'subscribe', channel }));
    });
    ws.on('message', (data: Buffer) => {
      const at = wallNow();
      const text = data.toString();
      if (text.startsWith('{"type":"event"')) return onEvent(text, at);
      const message = JSON.parse(text) as { type: string; channel?: string; message?: string };
      if (message.type === 'subscribed' && message.channel === channel) settle(true);
      else if (message.type === 'error') settle(false, message.message);
    });
    ws.on('close', (code) => {
      closes.set(code, (closes.get(code) ?? 0) + 1);
      settle(false, `closed ${code}`);
    });
    ws.on('error', (err) => settle(false, err.message));
  });
}

async function connectAll(): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await open();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

onCommands((command) => {
  if (command !== 'report') return { error: `unknown command ${command}` };
  const events = [...bySeq.entries()].map(([seq, p]) => ({
    seq,
    stamp: p.stamp,
    deliveries: p.receivedAt.length,
    last_at: Math.max(...p.receivedAt),
    latencies_ms: p.receivedAt.map((at) => Math.round((at - p.stamp) * 1000) / 1000),
  }));
  return { report: { sockets: count, ready, failed, delivered, closes: Object.fromEntries(closes), events } };
});

const started = wallNow();
await connectAll();
reply({ ready, failed, failures, connect_ms: Math.round(wallNow() - started) });
