import {
  type ChannelData,
  type ChannelName,
  CLOSE,
  type ClientMessage,
  parseServerMessage,
  type ServerMessage,
} from './realtime.types.js';
import type {
  ChannelHandlers,
  RealtimeClientOptions,
  RealtimeStatus,
  SocketLike,
  Timers,
} from './realtime-client.options.js';
import { backoffDelay } from './realtime-client.options.js';

export * from './realtime-client.options.js';

/*
 * The app's one WebSocket to `/api/v2/ws`, framework-free so it runs (and is tested) in Node too.
 * It owns the connection's whole life: auth first, every channel re-subscribed after a reconnect
 * from the last `seq` it saw (the server replays what was missed, or says `resync`), duplicates
 * dropped by `seq`, exponential backoff with full jitter, an app-level ping when idle (browsers
 * cannot see protocol pings) and a fresh token when the server says the old one expired.
 */

interface Channel {
  listeners: Set<ChannelHandlers<never>>;
  /** Highest seq seen (or acknowledged by `subscribed`); null before the first acknowledgement. */
  seq: number | null;
  sinceSeq: number | undefined;
  release: unknown;
}

/** What a connection that ended without a close frame reports (RFC 6455 §7.4.1). */
const ABNORMAL_CLOSURE = 1006;

const defaultTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as never) };

export class RealtimeClient {
  private readonly opts: Required<
    Omit<RealtimeClientOptions, 'onTokenChange' | 'refreshToken' | 'url' | 'connect' | 'getToken'>
  >;
  private readonly channels = new Map<string, Channel>();
  private readonly statusListeners = new Set<() => void>();
  private state: RealtimeStatus = 'closed';
  private socket: SocketLike | null = null;
  private socketOpen = false;
  private sentToken: string | null = null;
  private attempt = 0;
  private openedAt: number | null = null;
  private stopped = false;
  private wantFreshToken = false;
  private reconnectTimer: unknown;
  private pingTimer: unknown;
  private heardSinceTick = false;
  private awaitingPong = false;
  private stopTokenListener: (() => void) | undefined;

  constructor(private readonly config: RealtimeClientOptions) {
    this.opts = {
      random: config.random ?? Math.random,
      now: config.now ?? Date.now,
      timers: config.timers ?? defaultTimers,
      baseDelayMs: config.baseDelayMs ?? 500,
      maxDelayMs: config.maxDelayMs ?? 30_000,
      stableAfterMs: config.stableAfterMs ?? 10_000,
      pingIntervalMs: config.pingIntervalMs ?? 25_000,
    };
  }

  get status(): RealtimeStatus {
    return this.state;
  }

  /** Calls `listener` on every status change; returns the unsubscribe. */
  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Follows `channel` until the returned function is called. Listeners of one channel share one
   * server subscription; the last one to leave sends `unsubscribe`. Connects on first use.
   */
  subscribe<C extends ChannelName>(channel: C, handlers: ChannelHandlers<ChannelData<C>>): () => void {
    if (this.stopped) return () => {};
    let ch = this.channels.get(channel);
    const fresh = !ch;
    if (!ch) {
      ch = { listeners: new Set(), seq: null, sinceSeq: handlers.sinceSeq, release: undefined };
      this.channels.set(channel, ch);
    }
    this.opts.timers.clear(ch.release);
    ch.release = undefined;
    const entry = handlers as ChannelHandlers<never>;
    ch.listeners.add(entry);
    if (fresh && this.socketOpen) this.sendSubscribe(channel, ch);
    if (!this.socket && this.reconnectTimer === undefined) this.open();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      ch.listeners.delete(entry);
      if (ch.listeners.size > 0) return;
      // Deferred: a component that re-subscribes at once (a re-render, React's strict mode) keeps its place.
      ch.release = this.opts.timers.set(() => {
        if (ch.listeners.size > 0 || this.channels.get(channel) !== ch) return;
        this.channels.delete(channel);
        if (this.socketOpen) this.send({ type: 'unsubscribe', channel });
      }, 0);
    };
  }

  /** Closes for good: no reconnect after this. */
  close(): void {
    this.stopped = true;
    this.stopTokenListener?.();
    this.opts.timers.clear(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.dropSocket(1000, 'client closed');
    for (const ch of this.channels.values()) this.opts.timers.clear(ch.release);
    this.channels.clear();
    this.setStatus('closed');
  }

  private open(): void {
    if (this.stopped) return;
    this.stopTokenListener ??= this.config.onTokenChange?.(() => this.tokenChanged());
    this.setStatus('connecting');
    const socket = this.config.connect(this.config.url, {
      open: () => socket === this.socket && this.opened(),
      message: (text) => socket === this.socket && this.received(text),
      close: (code) => socket === this.socket && this.closed(code),
    });
    this.socket = socket;
  }

  private opened(): void {
    this.socketOpen = true;
    this.openedAt = this.opts.now();
    const token = this.config.getToken();
    this.sentToken = token;
    if (token) this.send({ type: 'auth', token });
    for (const [name, ch] of this.channels) this.sendSubscribe(name, ch);
    this.heardSinceTick = false;
    this.awaitingPong = false;
    this.pingTimer = this.opts.timers.set(() => this.pingTick(), this.opts.pingIntervalMs);
    this.setStatus('open');
  }

  private sendSubscribe(channel: string, ch: Channel): void {
    const since = ch.seq ?? ch.sinceSeq;
    this.send(
      since === undefined ? { type: 'subscribe', channel } : { type: 'subscribe', channel, since_seq: since },
    );
  }

  private received(text: string): void {
    this.heardSinceTick = true;
    this.awaitingPong = false;
    const m = parseServerMessage(text);
    if (m) this.handle(m);
  }

  private handle(m: ServerMessage): void {
    switch (m.type) {
      case 'event': {
        const ch = this.channels.get(m.channel);
        if (!ch || (ch.seq !== null && m.seq <= ch.seq)) return;
        ch.seq = m.seq;
        for (const l of [...ch.listeners]) guard(() => l.onEvent(m.data as never, m.seq));
        return;
      }
      case 'subscribed': {
        const ch = this.channels.get(m.channel);
        // The server's position after any replay; lower than ours only when its counters restarted.
        if (ch) ch.seq = m.seq;
        return;
      }
      case 'resync': {
        const ch = this.channels.get(m.channel);
        if (!ch) return;
        ch.seq = m.seq;
        for (const l of [...ch.listeners]) guard(() => l.onResync?.());
        return;
      }
      case 'error': {
        if (m.channel === undefined) {
          // A connection stays with its first user: a different user's token needs a new one.
          if (m.code === 'forbidden') this.restart();
          return;
        }
        const ch = this.channels.get(m.channel);
        for (const l of [...(ch?.listeners ?? [])]) guard(() => l.onError?.(m.code, m.message));
        return;
      }
      default:
        return;
    }
  }

  /** Pings only a connection that was silent for a whole interval; a second silent one is dead. */
  private pingTick(): void {
    if (!this.socketOpen) return;
    if (this.heardSinceTick) this.heardSinceTick = false;
    else if (this.awaitingPong) {
      this.dropSocket(4000, 'no pong');
      this.closed(ABNORMAL_CLOSURE);
      return;
    } else {
      this.send({ type: 'ping' });
      this.awaitingPong = true;
    }
    this.pingTimer = this.opts.timers.set(() => this.pingTick(), this.opts.pingIntervalMs);
  }

  private closed(code: number): void {
    this.socket = null;
    this.socketOpen = false;
    this.opts.timers.clear(this.pingTimer);
    if (this.stopped) {
      this.setStatus('closed');
      return;
    }
    if (code === CLOSE.tokenExpired || (code === CLOSE.unauthorized && this.sentToken))
      this.wantFreshToken = true;
    if (this.channels.size === 0) {
      this.setStatus('closed');
      return;
    }
    if (this.openedAt !== null && this.opts.now() - this.openedAt >= this.opts.stableAfterMs)
      this.attempt = 0;
    this.openedAt = null;
    const delay = backoffDelay(this.attempt, this.opts.random(), this.opts.baseDelayMs, this.opts.maxDelayMs);
    this.attempt += 1;
    this.setStatus('connecting');
    this.reconnectTimer = this.opts.timers.set(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (this.wantFreshToken && this.config.refreshToken) {
      this.wantFreshToken = false;
      // A failed refresh leaves the session signed out: the next connection serves `system` only.
      await this.config.refreshToken().catch(() => null);
    }
    this.reconnectTimer = undefined;
    if (!this.stopped && !this.socket) this.open();
  }

  private tokenChanged(): void {
    if (!this.socketOpen) return;
    const token = this.config.getToken();
    if (token === this.sentToken) return;
    if (token === null) {
      this.restart();
      return;
    }
    this.sentToken = token;
    this.send({ type: 'auth', token });
  }

  /** A new connection now (signed out, or another user): the old one stays with who it authenticated. */
  private restart(): void {
    this.dropSocket(1000, 'session changed');
    this.opts.timers.clear(this.pingTimer);
    this.attempt = 0;
    this.open();
  }

  private dropSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.socketOpen = false;
    this.opts.timers.clear(this.pingTimer);
    socket?.close(code, reason);
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private setStatus(next: RealtimeStatus): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of [...this.statusListeners]) guard(l);
  }
}

/** One listener's exception must not starve the others; it still surfaces, uncaught. */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}
