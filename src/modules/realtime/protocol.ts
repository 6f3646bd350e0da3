/**
 * The WebSocket protocol of `/api/v2/ws` (API.md § Real time), shared by the Node gateway and the
 * API Gateway (Lambda) adapter. Every frame is one JSON text message.
 *
 * Client → server: `auth`, `subscribe` (optional `since_seq`), `unsubscribe`, `ping`.
 * Server → client: `event`, `error`, `pong`, plus the acknowledgements `authenticated`,
 * `subscribed` (with the channel's current `seq`, so a client can resume from it even when no
 * event arrives before it disconnects), `unsubscribed` and `resync` (the gap is older than the
 * replay buffer: reload the resource, then continue from `seq`).
 */

export type ClientMessage =
  | { type: 'auth'; token: string }
  | { type: 'subscribe'; channel: string; since_seq?: number }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'ping' };

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'unknown_channel'
  | 'rate_limited'
  | 'too_many_subscriptions'
  | 'unavailable';

export type ServerMessage =
  | { type: 'event'; channel: string; seq: number; data: unknown }
  | { type: 'error'; code: ErrorCode; message: string; channel?: string }
  | { type: 'pong' }
  | { type: 'authenticated'; user_id: string; role: string; expires_at: string | null }
  | { type: 'subscribed'; channel: string; seq: number }
  | { type: 'unsubscribed'; channel: string }
  | { type: 'resync'; channel: string; seq: number };

/** Close codes (4000–4999 are the application's; RFC 6455 §7.4.2). */
export const CLOSE = {
  /** No valid `auth` in time while holding no `system` subscription, or a refused credential. */
  unauthorized: 4001,
  /** The access token expired and no fresh `auth` replaced it. */
  tokenExpired: 4002,
  /** The client did not read fast enough: its queue passed the bound. */
  slowConsumer: 4008,
  /** Too many messages past the per-connection rate limit. */
  rateLimited: 4029,
  /** The server is shutting down: reconnect (to another instance) and resume. */
  goingAway: 1001,
} as const;
// A peer that answers no heartbeat ping is terminated without a close frame (the client sees 1006).

/** Longest accepted client frame, bytes. */
export const MAX_CLIENT_FRAME_BYTES = 4_096;

export type ChannelRef =
  | { kind: 'prices'; gpuModel: string }
  | { kind: 'provider'; providerId: string }
  | { kind: 'pod'; podId: string }
  | { kind: 'system' };

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._\-+ ]{0,79}$/;

/** Parses a channel name; null when it is not one of the four kinds or its id is malformed. */
export function parseChannel(name: string): ChannelRef | null {
  if (name === 'system') return { kind: 'system' };
  const colon = name.indexOf(':');
  if (colon <= 0) return null;
  const kind = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (!SEGMENT.test(id)) return null;
  if (kind === 'prices') return { kind, gpuModel: id };
  if (kind === 'provider') return { kind, providerId: id };
  if (kind === 'pod') return { kind, podId: id };
  return null;
}

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; message: string };

/** Validates one client frame (text). Unknown fields are ignored; unknown types are refused. */
export function parseClientMessage(text: string): Parsed {
  if (text.length > MAX_CLIENT_FRAME_BYTES) return { ok: false, message: 'Message too large.' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Messages are JSON objects.' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, message: 'Messages are JSON objects.' };
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ping':
      return { ok: true, message: { type: 'ping' } };
    case 'auth':
      if (typeof m.token !== 'string' || m.token.length === 0 || m.token.length > 4_000)
        return { ok: false, message: 'auth needs a token (an access token or an API key).' };
      return { ok: true, message: { type: 'auth', token: m.token } };
    case 'subscribe': {
      if (typeof m.channel !== 'string') return { ok: false, message: 'subscribe needs a channel.' };
      const since = m.since_seq;
      if (since !== undefined && since !== null && !(Number.isSafeInteger(since) && (since as number) >= 0))
        return { ok: false, message: 'since_seq must be a non-negative integer.' };
      return {
        ok: true,
        message:
          typeof since === 'number'
            ? { type: 'subscribe', channel: m.channel, since_seq: since }
            : { type: 'subscribe', channel: m.channel },
      };
    }
    case 'unsubscribe':
      if (typeof m.channel !== 'string') return { ok: false, message: 'unsubscribe needs a channel.' };
      return { ok: true, message: { type: 'unsubscribe', channel: m.channel } };
    default:
      return { ok: false, message: 'type must be auth, subscribe, unsubscribe or ping.' };
  }
}

/** An `event` frame, built from the data's JSON so a fan-out serialises the data once. */
export function eventFrame(channel: string, seq: number, dataJson: string): string {
  return `{"type":"event","channel":${JSON.stringify(channel)},"seq":${seq},"data":${dataJson}}`;
}

export function errorFrame(code: ErrorCode, message: string, channel?: string): string {
  return JSON.stringify(
    channel === undefined ? { type: 'error', code, message } : { type: 'error', code, message, channel },
  );
}
