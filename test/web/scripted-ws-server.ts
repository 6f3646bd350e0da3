import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { SocketFactory } from '../../web/src/lib/realtime/realtime-client.js';

// A tiny server speaking the `/api/v2/ws` protocol (API.md § Real time) over real sockets, for the
// web client's tests: per-channel seq, a bounded replay buffer, resync, pong, and hooks to misbehave.

export type Frame = { type: string; [key: string]: unknown };

export interface ServerConnection {
  ws: WebSocket;
  received: Frame[];
  channels: Set<string>;
}

interface Published {
  seq: number;
  data: unknown;
}

export class ScriptedServer {
  readonly connections: ServerConnection[] = [];
  /** `normal` speaks the protocol; `reject` closes every new connection at once (code 1011). */
  mode: 'normal' | 'reject' = 'normal';
  /** When false, pings go unanswered (a dead peer, as the client sees it). */
  answerPings = true;
  /** Events kept per channel for replay. */
  bufferSize = 100;
  private readonly log = new Map<string, Published[]>();
  private readonly latestSeq = new Map<string, number>();
  private readonly waiters: Array<() => void> = [];

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (ws) => {
      const conn: ServerConnection = { ws, received: [], channels: new Set() };
      this.connections.push(conn);
      this.wake();
      if (this.mode === 'reject') {
        ws.close(1011, 'try later');
        return;
      }
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Frame;
        conn.received.push(frame);
        this.handle(conn, frame);
        this.wake();
      });
      ws.on('close', () => this.wake());
    });
  }

  static async start(): Promise<ScriptedServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new ScriptedServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/api/v2/ws`;
  }

  get last(): ServerConnection {
    const c = this.connections.at(-1);
    if (!c) throw new Error('no connection yet');
    return c;
  }

  /** Assigns the channel's next seq, keeps it for replay and sends it to every subscriber. */
  publish(channel: string, data: unknown): number {
    const seq = (this.latestSeq.get(channel) ?? 0) + 1;
    this.latestSeq.set(channel, seq);
    const kept = [...(this.log.get(channel) ?? []), { seq, data }].slice(-this.bufferSize);
    this.log.set(channel, kept);
    for (const c of this.connections)
      if (c.channels.has(channel) && c.ws.readyState === WebSocket.OPEN)
        this.send(c, { type: 'event', channel, seq, data });
    return seq;
  }

  send(conn: ServerConnection, frame: Frame): void {
    conn.ws.send(JSON.stringify(frame));
  }

  /** Resolves once `check` holds (re-checked after every connection, message and close). */
  async until<T>(check: () => T | undefined | false): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The first frame of `conn` (in order) that matches, once it has arrived. */
  frame(conn: ServerConnection, match: (f: Frame) => boolean): Promise<Frame> {
    return this.until(() => conn.received.find(match));
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private handle(conn: ServerConnection, f: Frame): void {
    const channel = String(f.channel);
    switch (f.type) {
      case 'ping':
        if (this.answerPings) this.send(conn, { type: 'pong' });
        return;
      case 'auth':
        this.send(conn, { type: 'authenticated', user_id: 'usr_1', role: 'user', expires_at: null });
        return;
      case 'unsubscribe':
        conn.channels.delete(channel);
        this.send(conn, { type: 'unsubscribed', channel });
        return;
      case 'subscribe': {
        const latest = this.latestSeq.get(channel) ?? 0;
        const since = f.since_seq;
        if (typeof since === 'number' && since < latest) {
          const kept = this.log.get(channel) ?? [];
          if ((kept[0]?.seq ?? latest + 1) > since + 1)
            this.send(conn, { type: 'resync', channel, seq: latest });
          else
            for (const e of kept.filter((k) => k.seq > since))
              this.send(conn, { type: 'event', channel, seq: e.seq, data: e.data });
        }
        conn.channels.add(channel);
        this.send(conn, { type: 'subscribed', channel, seq: latest });
        return;
      }
    }
  }
}

/** The client's transport over the `ws` package (Node 20 has no global WebSocket). */
export const wsSocketFactory: SocketFactory = (url, events) => {
  const ws = new WebSocket(url);
  ws.on('open', () => events.open());
  ws.on('message', (data, isBinary) => {
    if (!isBinary) events.message(data.toString());
  });
  ws.on('close', (code, reason) => events.close(code, reason.toString()));
  ws.on('error', () => {
    // A close event follows every error.
  });
  return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
};
