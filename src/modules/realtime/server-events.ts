/**
 * What each channel kind carries (the `data` of an `event` frame). Services publish these through
 * `RealtimePublisher.publish`; the gateway only ever fans them out, it never builds them.
 */
export interface ServerEvents {
  /** `prices:<gpu_model>`: an offer's price or availability changed (coalesced: ≤ 1 per offer per second). */
  prices: OfferPriceEvent;
  /** `provider:<id>`: a provider finished a sync or its health changed. */
  provider: ProviderStatusEvent;
  /** `pod:<id>` (its owner only): the pod changed status. */
  pod: PodStatusEvent;
  /** `system` (everyone): an operator's notification. */
  system: SystemNotificationEvent;
}

export interface OfferPriceEvent {
  offer_id: string;
  provider: string;
  gpu_model: string;
  gpu_count: number;
  region: string;
  spot: boolean;
  /** USD per hour before markup (the signed-in price scales by the caller's plan markup). */
  price_per_hour: number;
  /** The price before this change; null when the offer is new. */
  previous_price_per_hour: number | null;
  availability: string;
  changed_at: string;
}

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

export interface PodStatusEvent {
  pod_id: string;
  status: string;
  previous_status: string;
  detail: string | null;
  at: string;
  /** The outbox event id: a redelivered event carries the same id (dedupe on it). */
  event_id: string;
}

export interface SystemNotificationEvent {
  id: string;
  level: 'info' | 'warning' | 'critical';
  title: string;
  message: string;
  created_at: string;
  /** After this, clients stop showing it; null = until dismissed. */
  expires_at: string | null;
}

export type ChannelKind = keyof ServerEvents;
export type ChannelName = `prices:${string}` | `provider:${string}` | `pod:${string}` | 'system';

/** The data a channel carries, from its name. */
export type ChannelData<C extends ChannelName> = C extends `prices:${string}`
  ? OfferPriceEvent
  : C extends `provider:${string}`
    ? ProviderStatusEvent
    : C extends `pod:${string}`
      ? PodStatusEvent
      : SystemNotificationEvent;

/** The channel names, typed by what they carry. */
export const channelOf = {
  prices: (gpuModel: string): `prices:${string}` => `prices:${gpuModel}`,
  provider: (providerId: string): `provider:${string}` => `provider:${providerId}`,
  pod: (podId: string): `pod:${string}` => `pod:${podId}`,
  system: 'system' as const,
};

/** Publishes typed events; what domain modules receive (never the sockets). */
export interface RealtimePublisher {
  /**
   * Assigns the channel's next `seq`, keeps it for replay and fans it out to every instance.
   * Price events are coalesced per offer (`realtime.price_coalesce_ms`): the promise then
   * resolves at once and the latest price of the window goes out at its end.
   */
  publish<C extends ChannelName>(channel: C, data: ChannelData<C>): Promise<void>;
}
