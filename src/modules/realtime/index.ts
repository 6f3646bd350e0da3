export type { ApiGatewayRealtime } from './aws/apigw.wire.js';
export type { WebSocketEvent, WebSocketResult } from './aws/index.js';
export type { Envelope, RealtimeBus, Replay } from './bus.port.js';
export { createMemoryBus } from './memory.bus.js';
export {
  CLOSE,
  type ClientMessage,
  eventFrame,
  parseChannel,
  parseClientMessage,
  type ServerMessage,
} from './protocol.js';
export type { RealtimeModule, RealtimeWiring } from './realtime.wire.js';
export { createRedisBus } from './redis.bus.js';
export type {
  ChannelData,
  ChannelName,
  OfferPriceEvent,
  PodStatusEvent,
  ProviderStatusEvent,
  RealtimePublisher,
  ServerEvents,
  SystemNotificationEvent,
} from './server-events.js';

import { type RealtimeModule, type RealtimeWiring, wireRealtime } from './realtime.wire.js';

/**
 * Real time: one WebSocket endpoint (`/api/v2/ws`) with channels (`prices:<gpu>`, `provider:<id>`,
 * `pod:<id>` for its owner, `system`), a seq per channel and replay for clients that reconnect,
 * across instances through Redis. Services publish typed events through `publisher`; only the
 * gateway touches sockets.
 */
export function createRealtimeModule(deps: RealtimeWiring): RealtimeModule {
  return wireRealtime(deps);
}
