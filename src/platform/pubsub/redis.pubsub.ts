import { Redis } from 'ioredis';
import { deliver, encodeMessage, reportToStderr, type Subscription } from './deliver.js';
import type { PubSub } from './pubsub.port.js';

export interface RedisPubSubOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Prepended to every channel so several deployments (PODs) can share one Redis. Default `gpb:`. */
  channelPrefix?: string;
  /** Handler failures, undecodable messages and connection errors. Default: printed to stderr. */
  onError?: (err: unknown) => void;
  /** How long a command (PUBLISH, SUBSCRIBE, PING…) may wait for its reply. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Names the connections `<name>:pub` and `<name>:sub` in `CLIENT LIST`. */
  connectionName?: string;
}

interface Channel {
  subs: Set<Subscription>;
  /** The Redis SUBSCRIBE every local subscriber of this channel waits for. */
  confirmed: Promise<unknown>;
}

/**
 * The production pub/sub. Redis puts a connection that subscribes into a mode where it can do
 * nothing else, hence two: one publishes, one subscribes. Each channel is SUBSCRIBEd once,
 * shared by its local handlers, and UNSUBSCRIBEd when the last one leaves; both commands go
 * down the one subscriber connection in the order the state changed, so a quick
 * unsubscribe/subscribe pair ends subscribed. After a reconnect ioredis (autoResubscribe)
 * SUBSCRIBEs again to every channel Redis had confirmed; messages published while the
 * connection was down are lost, as at-most-once allows.
 */
export function createRedisPubSub(options: RedisPubSubOptions): PubSub {
  const prefix = options.channelPrefix ?? 'gpb:';
  const onError = options.onError ?? reportToStderr;
  const connect = (role: 'pub' | 'sub') => {
    const redis = new Redis(options.url, {
      lazyConnect: false,
      // Queue commands while (re)connecting, but fail them after three attempts or the command
      // timeout rather than hold a request on a dead Redis (see redis.cache.ts).
      enableOfflineQueue: true,
      maxRetriesPerRequest: 2,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      autoResubscribe: true,
      ...(options.connectionName ? { connectionName: `${options.connectionName}:${role}` } : {}),
    });
    redis.on('error', onError);
    return redis;
  };
  const publisher = connect('pub');
  const subscriber = connect('sub');
  const channels = new Map<string, Channel>();
  let closed = false;

  subscriber.on('message', (full: string, text: string) => {
    const channel = channels.get(full);
    if (channel === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (err) {
      onError(err);
      return;
    }
    deliver([...channel.subs], message, full.slice(prefix.length), onError);
  });

  function assertOpen(): void {
    if (closed) throw new Error('redis pub/sub is closed');
  }

  function release(full: string, channel: Channel): Promise<void> {
    if (channel.subs.size > 0 || channels.get(full) !== channel) return Promise.resolve();
    channels.delete(full);
    // The local handlers are already gone, so a failed UNSUBSCRIBE only costs dropped messages.
    return subscriber.unsubscribe(full).then(
      () => undefined,
      (err: unknown) => {
        if (!closed) onError(err);
      },
    );
  }

  return {
    kind: 'redis',
    async publish(channel, message) {
      assertOpen();
      await publisher.publish(prefix + channel, encodeMessage(message));
    },
    async subscribe(channel, handler) {
      assertOpen();
      const full = prefix + channel;
      let entry = channels.get(full);
      if (entry === undefined) {
        entry = { subs: new Set(), confirmed: subscriber.subscribe(full) };
        channels.set(full, entry);
      }
      const sub: Subscription = { handler, active: true };
      entry.subs.add(sub);
      const owner = entry;
      try {
        await owner.confirmed;
      } catch (err) {
        sub.active = false;
        owner.subs.delete(sub);
        if (owner.subs.size === 0 && channels.get(full) === owner) channels.delete(full);
        throw err;
      }
      return async () => {
        if (!sub.active) return;
        sub.active = false;
        owner.subs.delete(sub);
        await release(full, owner);
      };
    },
    async ping() {
      assertOpen();
      await Promise.all([publisher.ping(), subscriber.ping()]);
    },
    async close() {
      closed = true;
      for (const channel of channels.values()) for (const sub of channel.subs) sub.active = false;
      channels.clear();
      // QUIT lets pending replies arrive; with no connection to quit, just stop reconnecting.
      await Promise.all([publisher, subscriber].map((redis) => redis.quit().catch(() => redis.disconnect())));
    },
  };
}
