import { Redis } from 'ioredis';
import type { Cache } from './cache.port.js';
import { createGetOrSet, encodeValue, wholeMs } from './cache-values.js';

export interface RedisCacheOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Prepended to every key so several deployments (PODs) can share one Redis. Default `gpb:`. */
  keyPrefix?: string;
  /**
   * How long any command, `ping` included, may wait for its reply (queued while disconnected,
   * or sent into a connection that went silent) before it rejects. Default 1000 ms.
   */
  commandTimeoutMs?: number;
  /**
   * Connection-level errors (refused, reset) that ioredis emits while it reconnects. Commands
   * fail on their own; this is for logging. Without it they are dropped rather than letting
   * ioredis print "Unhandled error event" for every retry.
   */
  onError?: (err: unknown) => void;
}

/**
 * The production cache on Redis ≥ 7 (`PEXPIRE … NX`). Connects at once and reconnects forever.
 * Commands issued while the connection is down wait in ioredis's offline queue (so calls made
 * during boot, before the connection is ready, are not lost), but never long: they fail when
 * the queue is flushed after `maxRetriesPerRequest` + 1 failed connection attempts, or after
 * `commandTimeoutMs`, whichever comes first. Reconnect delays grow to 2 s, so without the
 * command timeout a request could wait ~6 s on a dead Redis.
 */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const prefix = options.keyPrefix ?? 'gpb:';
  const redis = new Redis(options.url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
  });
  redis.on('error', (err: unknown) => options.onError?.(err));

  async function get<T>(key: string): Promise<T | undefined> {
    const text = await redis.get(prefix + key);
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async function set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const ttl = wholeMs(ttlMs, 'ttlMs');
    await redis.set(prefix + key, encodeValue(value), 'PX', ttl);
  }

  return {
    kind: 'redis',
    get,
    set,
    async delete(key) {
      await redis.del(prefix + key);
    },
    getOrSet: createGetOrSet(get, set),
    async increment(key, windowMs) {
      const window = wholeMs(windowMs, 'windowMs');
      const full = prefix + key;
      // One MULTI so no other client sees the counter without its expiry; NX sets the expiry
      // only on the hit that created the key, which makes the window fixed.
      const replies = await redis.multi().incr(full).pexpire(full, window, 'NX').pttl(full).exec();
      if (replies === null) throw new Error('redis aborted the increment transaction');
      for (const [err] of replies) if (err) throw err;
      const count = replies[0]?.[1] as number;
      const resetInMs = replies[2]?.[1] as number;
      return { count, resetInMs };
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      // QUIT lets pending replies arrive; when there is no connection to quit, just stop
      // reconnecting.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
