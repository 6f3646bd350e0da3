/**
 * The pub/sub port: fire-and-forget fan-out between API instances (config invalidation,
 * WebSocket events). Embedded: in-process. Production: Redis PUBLISH/SUBSCRIBE, so every
 * instance's subscribers receive every message, including the publisher's own.
 * Delivery is at-most-once (a message published while a subscriber is disconnected is lost);
 * durable delivery is the outbox's job. Messages on one channel from one publisher arrive in
 * publish order.
 */

/**
 * Receives a message (a JSON copy: a `Date` arrives as its ISO string) and the channel name as
 * the subscriber gave it (without the adapter's prefix). Never called synchronously from
 * `publish`. An exception it throws, or a rejection of a promise it returns, goes to the
 * adapter's `onError` and does not affect other handlers.
 */
export type PubSubHandler = (message: unknown, channel: string) => void | Promise<void>;

export interface PubSub {
  readonly kind: 'memory' | 'redis';
  /**
   * Publishes a JSON-serialisable message to every subscriber of `channel`, on every instance.
   * Rejects with a TypeError for `undefined`.
   */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Subscribes `handler`; resolves once the subscription is active (a message published after
   * that reaches it). Each call is its own subscription, even with the same handler. Returns
   * the unsubscribe: once it resolved the handler is not called again. It is idempotent.
   */
  subscribe(channel: string, handler: PubSubHandler): Promise<() => Promise<void>>;
  /** Rejects when the backing broker is unreachable (readiness), or after `close`. */
  ping(): Promise<void>;
  /** Drops every subscription and releases the broker; unusable afterwards. Idempotent. */
  close(): Promise<void>;
}
