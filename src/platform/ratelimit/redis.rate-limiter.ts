import { Redis } from 'ioredis';
import type { Clock } from '../clock/clock.js';
import type { RateLimiter } from './rate-limiter.port.js';
import { bucketShape } from './token-bucket.js';

export interface RedisRateLimiterOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Prepended to every bucket key so several deployments (PODs) can share one Redis. Default `gpb:rl:`. */
  keyPrefix?: string;
  /**
   * Time source sent with each take. Leave it unset in production: the script then reads the
   * Redis server's TIME, the one clock every API instance shares — with each instance's own
   * clock, an instance running behind would see no refill and one running ahead would mint
   * tokens. Tests pass a manual clock to make refills exact.
   */
  clock?: Clock;
  /** How long a take may wait for its reply before it rejects. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Connection-level errors, for logging (see `createRedisCache`). */
  onError?: (err: unknown) => void;
}

// KEYS[1] = bucket hash {tokens, at}; ARGV = tokens per ms, burst, now in ms ('' = server TIME).
// Same steps and tolerances as `takeToken` in token-bucket.ts. Runs atomically, so concurrent
// takes from any number of instances never spend one token twice. Numbers are stored with 17
// significant digits so a bucket round-trips exactly; the key expires once the bucket would be
// full again (an absent key is a full bucket), plus a second of slack.
const TAKE_SCRIPT = `
local perMs = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now
if ARGV[3] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
else
  now = tonumber(ARGV[3])
end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
elseif now > at then
  tokens = tokens + (now - at) * perMs
  at = now
end
if tokens > burst then tokens = burst end
local ok = 0
local wait = 0
if tokens >= 1 - 1e-9 then
  tokens = math.max(0, tokens - 1)
  ok = 1
else
  wait = math.max(1, math.ceil((1 - tokens) / perMs - 1e-6))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 1000)
return {ok, wait}
`;

type ScriptedRedis = Redis & {
  gpbTakeToken(key: string, perMs: number, burst: number, nowMs: string): Promise<[number, number]>;
};

/**
 * The production limiter: one token bucket per key in Redis, shared by every API instance, updated
 * by one Lua script per take (refill by elapsed time, take one token, report the wait). Connection
 * behaviour as `createRedisCache`: commands fail within `commandTimeoutMs` when Redis is down.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = options.keyPrefix ?? 'gpb:rl:';
  const redis = new Redis(options.url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
  }) as ScriptedRedis;
  redis.on('error', (err: unknown) => options.onError?.(err));
  // defineCommand sends EVALSHA and falls back to EVAL once per connection when the script is unknown.
  redis.defineCommand('gpbTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  return {
    kind: 'redis',
    async take(key, opts) {
      const shape = bucketShape(opts);
      const now = options.clock ? String(options.clock.nowMs()) : '';
      const [ok, retryInMs] = await redis.gpbTakeToken(prefix + key, shape.perMs, shape.burst, now);
      return ok === 1 ? { ok: true } : { ok: false, retryInMs };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
