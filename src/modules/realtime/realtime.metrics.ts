import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * What an operator watches on the WebSocket gateway: open sockets, channels this instance follows,
 * why clients were dropped (slow consumer, dead peer, rate limit, token expiry…), and events
 * published and failed to publish.
 */
export function createRealtimeMetrics(registry: Registry, channels: () => number) {
  return {
    connections: new Gauge({
      name: 'gpubroker_realtime_connections',
      help: 'Open WebSocket connections on this instance',
      registers: [registry],
    }),
    channels: new Gauge({
      name: 'gpubroker_realtime_channels',
      help: 'Channels with at least one subscriber on this instance',
      registers: [registry],
      collect() {
        this.set(channels());
      },
    }),
    dropped: new Counter({
      name: 'gpubroker_realtime_disconnects_total',
      help: 'Connections the server ended, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    published: new Counter({
      name: 'gpubroker_realtime_published_total',
      help: 'Events published, by channel kind and outcome (ok, failed)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
  };
}

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;
