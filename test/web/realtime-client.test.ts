import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  RealtimeClient,
  type RealtimeClientOptions,
  type Timers,
} from '../../web/src/lib/realtime/realtime-client.js';
import { type Frame, ScriptedServer, wsSocketFactory } from './scripted-ws-server.js';

// The web app's WebSocket client (web/src/lib/realtime/realtime-client.ts) against a real `ws`
// server speaking the protocol. Reconnect delays are recorded, then run at once; the ping timer
// only fires when a test says so. Nothing here depends on how long anything takes.

const PING_MS = 25_000;

/** Timers that record every reconnect delay and run it at once, and hold the ping tick for `tick()`. */
function testTimers() {
  const delays: number[] = [];
  let pingTick: (() => void) | undefined;
  const timers: Timers = {
    set(fn, ms) {
      if (ms === PING_MS) {
        pingTick = fn;
        return 'ping';
      }
      if (ms > 0) delays.push(ms);
      return setTimeout(fn, 0);
    },
    clear(handle) {
      if (handle === 'ping') pingTick = undefined;
      else clearTimeout(handle as NodeJS.Timeout);
    },
  };
  return {
    timers,
    delays,
    tick() {
      const fn = pingTick;
      pingTick = undefined;
      fn?.();
    },
  };
}

const types = (frames: Frame[]) => frames.map((f) => f.type);

let server: ScriptedServer;
let client: RealtimeClient | undefined;
let token: string | null;
const tokenListeners = new Set<() => void>();

function start(overrides: Partial<RealtimeClientOptions> = {}) {
  const t = testTimers();
  client = new RealtimeClient({
    url: server.url,
    connect: wsSocketFactory,
    getToken: () => token,
    onTokenChange: (l) => {
      tokenListeners.add(l);
      return () => tokenListeners.delete(l);
    },
    random: () => 0.5,
    timers: t.timers,
    pingIntervalMs: PING_MS,
    ...overrides,
  });
  return { client, ...t };
}

function rotate(next: string | null) {
  token = next;
  for (const l of tokenListeners) l();
}

beforeEach(async () => {
  server = await ScriptedServer.start();
  token = 'token-1';
  tokenListeners.clear();
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await server.close();
});

describe('realtime client', () => {
  it('authenticates first, resumes every channel from the last seq after a drop, and drops duplicates', async () => {
    for (let i = 0; i < 3; i++) server.publish('prices:H100', { n: i + 1 });
    const { client } = start();
    const seen: number[] = [];
    client.subscribe('prices:H100', { onEvent: (_data, seq) => seen.push(seq) });

    const first = await server.until(() => server.connections[0]);
    await server.frame(first, (f) => f.type === 'subscribe');
    expect(first.received).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'subscribe', channel: 'prices:H100' },
    ]);
    await vi.waitFor(() => expect(client.status).toBe('open'));
    server.publish('prices:H100', { n: 4 });
    await vi.waitFor(() => expect(seen).toEqual([4]));

    // The server repeats itself: an event it already sent and an older one are dropped.
    server.send(first, { type: 'event', channel: 'prices:H100', seq: 4, data: { n: 4 } });
    server.send(first, { type: 'event', channel: 'prices:H100', seq: 2, data: { n: 2 } });
    server.publish('prices:H100', { n: 5 });
    await vi.waitFor(() => expect(seen).toEqual([4, 5]));

    // Dropped: what happens meanwhile is replayed on the next connection, in order, once.
    first.ws.terminate();
    server.publish('prices:H100', { n: 6 });
    server.publish('prices:H100', { n: 7 });
    const second = await server.until(() => server.connections[1]);
    await server.frame(second, (f) => f.type === 'subscribe');
    expect(second.received).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'subscribe', channel: 'prices:H100', since_seq: 5 },
    ]);
    await vi.waitFor(() => expect(seen).toEqual([4, 5, 6, 7]));
    server.publish('prices:H100', { n: 8 });
    await vi.waitFor(() => expect(seen).toEqual([4, 5, 6, 7, 8]));
  });

  it('calls onResync when the gap is older than the replay buffer, then continues from the new seq', async () => {
    server.bufferSize = 2;
    const { client } = start();
    const seen: number[] = [];
    const onResync = vi.fn();
    client.subscribe('pod:pod_1', { onEvent: (_d, seq) => seen.push(seq), onResync });
    const first = await server.until(() => server.connections[0]);
    await server.frame(first, (f) => f.type === 'subscribe');
    server.publish('pod:pod_1', { status: 'running' });
    await vi.waitFor(() => expect(seen).toEqual([1]));

    first.ws.terminate();
    for (let i = 0; i < 5; i++) server.publish('pod:pod_1', { status: 'x' });
    const second = await server.until(() => server.connections[1]);
    const subscribe = await server.frame(second, (f) => f.type === 'subscribe');
    expect(subscribe.since_seq).toBe(1);
    await vi.waitFor(() => expect(onResync).toHaveBeenCalledTimes(1));
    expect(seen).toEqual([1]);
    server.send(second, { type: 'event', channel: 'pod:pod_1', seq: 6, data: {} });
    server.publish('pod:pod_1', { status: 'stopped' });
    await vi.waitFor(() => expect(seen).toEqual([1, 7]));
  });

  it('replays from sinceSeq on the first subscribe (recent notifications)', async () => {
    server.publish('system', { id: 'n1' });
    server.publish('system', { id: 'n2' });
    token = null;
    const { client } = start();
    const seen: unknown[] = [];
    client.subscribe('system', { onEvent: (data) => seen.push(data), sinceSeq: 0 });
    const conn = await server.until(() => server.connections[0]);
    await server.frame(conn, (f) => f.type === 'subscribe');
    expect(conn.received).toEqual([{ type: 'subscribe', channel: 'system', since_seq: 0 }]);
    await vi.waitFor(() => expect(seen).toEqual([{ id: 'n1' }, { id: 'n2' }]));
  });

  it('backs off exponentially with full jitter up to the cap, and resets after a stable connection', async () => {
    let now = 1_000_000;
    server.mode = 'reject';
    const { client, delays } = start({ random: () => 0.999, now: () => now });
    client.subscribe('system', { onEvent: () => {} });
    await server.until(() => delays.length >= 9 || undefined);
    const expected = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000].map((d) => d * 0.999);
    expect(delays.slice(0, 9)).toEqual(expected);

    server.mode = 'normal';
    const stable = await server.until(() => server.connections.find((c) => c.received.length > 0));
    await vi.waitFor(() => expect(client.status).toBe('open'));
    const before = delays.length;
    now += 10_001;
    stable.ws.close(1001, 'going away');
    await vi.waitFor(() => expect(delays.length).toBe(before + 1));
    expect(delays.at(-1)).toBe(500 * 0.999);
  });

  it('keeps every delay within [0, min(cap, base × 2^attempt))', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** attempt);
      expect(backoffDelay(attempt, 0, 500, 30_000)).toBe(0);
      const high = backoffDelay(attempt, 0.999_999, 500, 30_000);
      expect(high).toBeLessThan(ceiling);
      expect(high).toBeGreaterThan(ceiling * 0.99);
    }
  });

  it('re-sends auth on the same connection when the token rotates, and reconnects anonymously on sign-out', async () => {
    const { client } = start();
    client.subscribe('system', { onEvent: () => {} });
    const conn = await server.until(() => server.connections[0]);
    await server.frame(conn, (f) => f.type === 'subscribe');
    await vi.waitFor(() => expect(client.status).toBe('open'));
    rotate('token-1'); // the store published, but the token is the same: nothing to send
    rotate('token-2');
    await server.frame(conn, (f) => f.type === 'auth' && f.token === 'token-2');
    expect(conn.received.filter((f) => f.type === 'auth').map((f) => f.token)).toEqual([
      'token-1',
      'token-2',
    ]);
    expect(server.connections).toHaveLength(1);

    rotate(null);
    const anonymous = await server.until(() => server.connections[1]);
    await server.frame(anonymous, (f) => f.type === 'subscribe');
    expect(types(anonymous.received)).toEqual(['subscribe']);
  });

  it('gets a fresh token before reconnecting after 4002 (token expired)', async () => {
    const refreshToken = vi.fn(async () => {
      token = 'token-fresh';
      return token;
    });
    const { client } = start({ refreshToken });
    client.subscribe('prices:A100', { onEvent: () => {} });
    const first = await server.until(() => server.connections[0]);
    await server.frame(first, (f) => f.type === 'subscribe');
    first.ws.close(4002, 'token expired');
    const second = await server.until(() => server.connections[1]);
    await server.frame(second, (f) => f.type === 'subscribe');
    expect(second.received[0]).toEqual({ type: 'auth', token: 'token-fresh' });
    expect(refreshToken).toHaveBeenCalledTimes(1);
  });

  it('shares one server subscription per channel and unsubscribes when the last listener leaves', async () => {
    const { client } = start();
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.subscribe('prices:H100', { onEvent: a });
    const offB = client.subscribe('prices:H100', { onEvent: b });
    const conn = await server.until(() => server.connections[0]);
    await server.frame(conn, (f) => f.type === 'subscribe');
    offA();
    await new Promise((resolve) => setTimeout(resolve, 5)); // past the deferred release
    client.subscribe('system', { onEvent: () => {} });
    offB();
    await server.frame(conn, (f) => f.type === 'unsubscribe');
    expect(conn.received.map((f) => `${f.type} ${f.channel ?? ''}`)).toEqual([
      'auth ',
      'subscribe prices:H100',
      'subscribe system',
      'unsubscribe prices:H100',
    ]);
  });

  it('pings only when idle, and reconnects when a ping goes unanswered', async () => {
    const { client, tick } = start();
    const statuses: string[] = [];
    const notes: unknown[] = [];
    client.onStatus(() => statuses.push(client.status));
    client.subscribe('system', { onEvent: (data) => notes.push(data) });
    // Frames arrive in order: once the client has this event, it has everything sent before it.
    const barrier = async (n: number) => {
      server.publish('system', { n });
      await vi.waitFor(() => expect(notes).toContainEqual({ n }));
    };
    const first = await server.until(() => server.connections[0]);
    await server.frame(first, (f) => f.type === 'subscribe');
    await barrier(1);
    tick(); // it heard from the server in this interval: not idle
    expect(types(first.received)).not.toContain('ping');
    tick(); // idle: ping
    await server.frame(first, (f) => f.type === 'ping');
    await barrier(2); // the pong came before it

    server.answerPings = false;
    tick(); // heard the pong: not idle
    tick(); // idle: ping, unanswered
    await server.until(() => first.received.filter((f) => f.type === 'ping').length === 2);
    tick(); // silent for a whole interval after the ping: dead
    const second = await server.until(() => server.connections[1]);
    await server.frame(second, (f) => f.type === 'subscribe');
    await vi.waitFor(() => expect(client.status).toBe('open'));
    expect(statuses).toEqual(['connecting', 'open', 'connecting', 'open']);
  });

  it('never reconnects after close()', async () => {
    const { client, delays } = start();
    client.subscribe('system', { onEvent: () => {} });
    const conn = await server.until(() => server.connections[0]);
    await server.frame(conn, (f) => f.type === 'subscribe');
    client.close();
    await server.until(() => conn.ws.readyState === conn.ws.CLOSED);
    expect(client.status).toBe('closed');
    expect(delays).toEqual([]);
    expect(client.subscribe('system', { onEvent: () => {} })).toBeTypeOf('function');
    expect(server.connections).toHaveLength(1);
  });
});
