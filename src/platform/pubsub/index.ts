import { createMemoryPubSub } from './memory.pubsub.js';
import type { PubSub } from './pubsub.port.js';
import { createRedisPubSub } from './redis.pubsub.js';

export { createMemoryPubSub, type MemoryPubSubOptions } from './memory.pubsub.js';
export type { PubSub, PubSubHandler } from './pubsub.port.js';
export { createRedisPubSub, type RedisPubSubOptions } from './redis.pubsub.js';

export interface CreatePubSubOptions {
  /** Use Redis at this URL (fan-out across instances); without it, in-process only. */
  redisUrl?: string;
  /** Redis channel prefix shared by this deployment. Default `gpb:`. */
  channelPrefix?: string;
  /** Handler failures (and, on Redis, connection errors); pass the logger. Default: stderr. */
  onError?: (err: unknown) => void;
}

/**
 * The pub/sub the configuration names: Redis when `redisUrl` is set, else in-process. The
 * Redis connections open immediately; use `ping` for readiness and `close` at shutdown.
 */
export function createPubSub(opts: CreatePubSubOptions = {}): PubSub {
  if (opts.redisUrl) {
    return createRedisPubSub({
      url: opts.redisUrl,
      channelPrefix: opts.channelPrefix,
      onError: opts.onError,
    });
  }
  return createMemoryPubSub({ onError: opts.onError });
}
