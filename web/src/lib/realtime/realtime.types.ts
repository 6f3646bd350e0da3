/*
 * The wire types of `/api/v2/ws` as the browser sees them. They mirror
 * src/modules/realtime/protocol.ts and server-events.ts (the web app does not import server code);
 * keep the two in step when the protocol changes.
 */

export type ClientMessage =
  | { type: 'auth'; token: string }
  | { type: 'subscribe'; channel: string; since_seq?: number }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'ping' };

export type ServerMessage =
  | { type: 'event'; channel: string; seq: number; data: unknown }
  | { type: 'error'; code: string; message: string; channel?: string }
  | { type: 'pong' }
  | { type: 'authenticated'; user_id: string; role: string; expires_at: string | null }
  | { type: 'subscribed'; channel: string; seq: number }
  | { type: 'unsubscribed'; channel: string }
  | { type: 'resync'; channel: string; seq: number };

/** Close codes the server uses (4000–4999 are the application's). A dead peer sees 1006 (no close frame). */
export const CLOSE = {
  unauthorized: 4001,
  tokenExpired: 4002,
  slowConsumer: 4008,
  rateLimited: 4029,
  goingAway: 1001,
} as const;

/** `prices:<gpu_model>`: an offer's price or availability changed. */
export interface OfferPriceEvent {
  offer_id: string;
  provider: string;
  gpu_model: string;
  gpu_count: number;
  region: string;
  spot: boolean;
  /** USD per hour before markup. */
  price_per_hour: number;
  previous_price_per_hour: number | null;
  availability: string;
  changed_at: string;
}

/** `provider:<id>`: a provider finished a sync or its health changed. */
export interface ProviderStatusEvent {
  provider: string;
  /** As `GET /providers` reports it after this sync. */
  status: 'healthy' | 'degraded' | 'down';
  circuit: 'closed' | 'open' | 'half_open';
  ok: boolean;
  /** Offers received, and how many were new, changed in price, or gone. */
  received: number;
  inserted: number;
  price_changes: number;
  removed: number;
  synced_at: string;
  error: string | null;
}

/** `pod:<id>` (its owner only): the pod changed status. */
export interface PodStatusEvent {
  pod_id: string;
  status: string;
  previous_status: string;
  detail: string | null;
  at: string;
  event_id: string;
}

/** `system` (everyone): an operator's notification. */
export interface SystemNotificationEvent {
  id: string;
  level: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
  created_at: string;
  /** After this, stop showing it; null = until dismissed. */
  expires_at: string | null;
}

export type ChannelName = `prices:${string}` | `provider:${string}` | `pod:${string}` | 'system';

/** The data a channel carries, from its name. */
export type ChannelData<C extends ChannelName> = C extends `prices:${string}`
  ? OfferPriceEvent
  : C extends `provider:${string}`
    ? ProviderStatusEvent
    : C extends `pod:${string}`
      ? PodStatusEvent
      : SystemNotificationEvent;

export const channelOf = {
  prices: (gpuModel: string): `prices:${string}` => `prices:${gpuModel}`,
  provider: (providerId: string): `provider:${string}` => `provider:${providerId}`,
  pod: (podId: string): `pod:${string}` => `pod:${podId}`,
  system: 'system' as const,
};

/** Parses one server frame; null when it is not a message this client understands. */
export function parseServerMessage(text: string): ServerMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string')
    return null;
  const m = raw as ServerMessage;
  if ((m.type === 'event' || m.type === 'subscribed' || m.type === 'resync') && !Number.isSafeInteger(m.seq))
    return null;
  return m;
}
