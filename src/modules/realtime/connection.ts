import type { WebSocket } from 'ws';
import type { Principal } from '../identity/index.js';
import type { Envelope } from './bus.port.js';
import type { Subscriber } from './fanout.js';
import { CLOSE, type ErrorCode, errorFrame } from './protocol.js';

export interface ConnectionLimits {
  /** Bytes a socket may have queued unsent; past it the client is dropped as a slow consumer. */
  maxBufferedBytes: number;
  /** Events a subscription may hold while it replays missed ones (also bounded). */
  maxPendingEvents: number;
  messagesPerSecond: number;
  maxSubscriptions: number;
}

/** One subscription of one socket: live, or catching up (replaying what it missed) with the live events held. */
export class Subscription implements Subscriber {
  state: 'catching' | 'live' = 'catching';
  pending: Array<{ frame: Buffer; seq: number }> = [];
  /** Highest seq sent to the client on this channel. */
  last = 0;

  constructor(
    readonly conn: Connection,
    readonly channel: string,
  ) {}

  deliver(frame: Buffer, e: Envelope): void {
    if (this.state === 'catching') {
      if (this.pending.length >= this.conn.limits.maxPendingEvents) {
        this.conn.drop(CLOSE.slowConsumer, 'slow consumer: too many events while catching up');
        return;
      }
      this.pending.push({ frame, seq: e.seq });
      return;
    }
    if (e.seq <= this.last) return;
    this.last = e.seq;
    this.conn.sendRaw(frame);
  }

  /** Replay done: send what arrived meanwhile and go live. */
  goLive(): void {
    for (const p of this.pending) {
      if (p.seq <= this.last) continue;
      this.last = p.seq;
      this.conn.sendRaw(p.frame);
    }
    this.pending = [];
    this.state = 'live';
  }
}

/** The state of one client socket. All sends go through `sendRaw`, which enforces the queue bound. */
export class Connection {
  principal: Principal | null = null;
  readonly subs = new Map<string, Subscription>();
  alive = true;
  closed = false;
  /** Client messages are handled one at a time, in order. */
  queue: Promise<void> = Promise.resolve();
  authTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
  /** The credential it authenticated with, checked again every so often (revocation, cut-off). */
  credential: string | null = null;
  checkedAt = 0;
  private tokens: number;
  private refilledAt: number;
  private strikes = 0;

  constructor(
    readonly ws: WebSocket,
    readonly limits: ConnectionLimits,
    private readonly now: () => number,
    private readonly onDrop: (code: number) => void,
  ) {
    this.tokens = limits.messagesPerSecond * 2;
    this.refilledAt = now();
  }

  sendRaw(frame: Buffer | string): void {
    if (this.closed) return;
    const size = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    if (this.ws.bufferedAmount + size > this.limits.maxBufferedBytes) {
      this.drop(CLOSE.slowConsumer, 'slow consumer: send queue full');
      return;
    }
    this.ws.send(frame, { binary: false });
  }

  send(message: object): void {
    this.sendRaw(JSON.stringify(message));
  }

  error(code: ErrorCode, message: string, channel?: string): void {
    this.sendRaw(errorFrame(code, message, channel));
  }

  /** Token bucket: `messagesPerSecond`, bursts of twice that. False when this message is over. */
  admit(): boolean {
    const now = this.now();
    const rate = this.limits.messagesPerSecond;
    this.tokens = Math.min(rate * 2, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.strikes += 1;
    if (this.strikes > rate * 2) this.drop(CLOSE.rateLimited, 'rate limit exceeded');
    else this.error('rate_limited', `At most ${rate} messages per second.`);
    return false;
  }

  /**
   * Ends the connection for `reason`. The close frame queues behind unsent data, so a client that
   * does not read would hold it: the socket is destroyed if the close has not completed in 5 s.
   */
  drop(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onDrop(code);
    try {
      this.ws.close(code, reason.slice(0, 120));
    } catch {
      this.ws.terminate();
    }
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }
}
