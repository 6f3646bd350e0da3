import type { ParameterDefinition } from './registry.js';

/** Real time (`/api/v2/ws`): replay, limits per connection, heartbeats and price coalescing. */
export const REALTIME_PARAMETERS: readonly ParameterDefinition[] = [
  {
    key: 'realtime.replay_buffer_size',
    type: 'int',
    description: 'Events kept per channel for clients that reconnect with since_seq; older gaps get resync.',
    default: 1_000,
    rule: { min: 10, max: 100_000 },
  },
  {
    key: 'realtime.auth_timeout_seconds',
    type: 'int',
    description: 'A socket that has neither authenticated nor subscribed to system by then is closed (4001).',
    default: 10,
    rule: { min: 1, max: 300 },
  },
  {
    key: 'realtime.heartbeat_interval_seconds',
    type: 'int',
    description: 'The server pings every socket this often; one that missed the previous ping is dropped.',
    default: 30,
    rule: { min: 1, max: 600 },
  },
  {
    key: 'realtime.revalidate_seconds',
    type: 'int',
    description:
      "An open socket's credential is checked again this often: a revoked API key or an ended session closes it (4001).",
    default: 60,
    rule: { min: 5, max: 3_600 },
  },
  {
    key: 'realtime.max_buffered_kib',
    type: 'int',
    description: "A socket's unsent data past this bound drops the client as a slow consumer (4008).",
    default: 1_024,
    rule: { min: 16, max: 65_536 },
  },
  {
    key: 'realtime.messages_per_second',
    type: 'int',
    description: 'Client messages per second per connection (bursts of twice that); past it: rate_limited.',
    default: 20,
    rule: { min: 1, max: 1_000 },
  },
  {
    key: 'realtime.max_subscriptions',
    type: 'int',
    description: 'Channels one connection may follow at once.',
    default: 200,
    rule: { min: 1, max: 10_000 },
  },
  {
    key: 'realtime.price_coalesce_ms',
    type: 'int',
    description: 'Price updates of one offer are pushed at most once per this window (the latest wins).',
    default: 1_000,
    rule: { min: 0, max: 60_000 },
  },
];
