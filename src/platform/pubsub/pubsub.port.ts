/**
 * The pub/sub port: fire-and-forget fan-out between API instances (config invalidation,
 * WebSocket events). Embedded: in-process. Production: Redis PUBLISH/SUBSCRIBE, so every
 * instance's subscribers receive every message, including the publisher's own.
 * Delivery is at-most-once; durable delivery is the outbox's job.
 */
export type PubSubHandler = (message: unknown, channel: string) => void;

export interface PubSub {
  readonly kind: 'memory' | 'redis';
  /** Publishes a JSON-serialisable message to every subscriber of `channel`, on every instance. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Subscribes `handler`; resolves once the subscription is active. Returns the unsubscribe. */
  subscribe(channel: string, handler: PubSubHandler): Promise<() => Promise<void>>;
  /** Rejects when the backing broker is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
