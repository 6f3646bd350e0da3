export { LiveIndicator } from './live-indicator';
export { realtimeClient } from './realtime';
export {
  type ChannelName,
  channelOf,
  type OfferPriceEvent,
  type PodStatusEvent,
  type ProviderStatusEvent,
  type SystemNotificationEvent,
} from './realtime.types';
export type { ChannelHandlers, RealtimeStatus } from './realtime-client';
export { useRealtimeChannel, useRealtimeStatus } from './use-realtime';
