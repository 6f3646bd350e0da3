/** The client's contract with its surroundings: transport, timers, token source, handlers. */

export type RealtimeStatus = 'connecting' | 'open' | 'closed';

/** What a transport tells the client; an adapter maps the browser's (or `ws`'s) events onto it. */
export interface SocketEvents {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
}

export interface SocketLike {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Opens a socket to `url` and reports its events; `close` must always be reported, even after an error. */
export type SocketFactory = (url: string, events: SocketEvents) => SocketLike;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ChannelHandlers<T> {
  onEvent(data: T, seq: number): void;
  /** The gap since the last event is older than the server keeps: reload the resource. */
  onResync?(): void;
  /** The server refused the channel (`forbidden`, `unknown_channel`, …). */
  onError?(code: string, message: string): void;
  /** First subscribe only: replay from here (e.g. 0 for the recent notifications); default live only. */
  sinceSeq?: number;
}

export interface RealtimeClientOptions {
  url: string;
  connect: SocketFactory;
  /** The access token now, or null when signed out (then only `system` is served). */
  getToken(): string | null;
  /** Called whenever the session may have changed its token: the client re-sends `auth`. */
  onTokenChange?(listener: () => void): () => void;
  /** A new token after the server closed with "token expired" (4002) or "unauthorized" (4001). */
  refreshToken?(): Promise<string | null>;
  random?: () => number;
  now?: () => number;
  timers?: Timers;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A connection that stayed up this long resets the backoff. */
  stableAfterMs?: number;
  pingIntervalMs?: number;
}

/** Full jitter: uniformly in [0, min(max, base × 2^attempt)). */
export function backoffDelay(attempt: number, random: number, baseMs: number, maxMs: number): number {
  return random * Math.min(maxMs, baseMs * 2 ** attempt);
}
