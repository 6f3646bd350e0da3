import { Redis } from 'ioredis';
import type { PubSub } from '../../platform/pubsub/index.js';
import type { BufferSize, Envelope, RealtimeBus, Replay } from './bus.port.js';

/**
 * One script does the whole publish, so Redis orders it: the counter, the stream entry (id
 * `<seq>-1`, trimmed to about the buffer size) and the PUBLISH that fans it out. Every instance
 * therefore receives a channel's events in seq order, whoever published them. Both keys share a
 * hash tag (one cluster slot) and expire after a week without events.
 */
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], seq .. '-1', 'd', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[3], '{"seq":' .. seq .. ',"data":' .. ARGV[1] .. '}')
return seq
`;
const KEY_TTL_SECONDS = 7 * 24 * 3600;

export interface RedisBusOptions {
  url: string;
  /** The deployment's key prefix (the POD's `gpb:<pod>:`); the pub/sub port adds it to channels itself. */
  keyPrefix: string;
  /** Fan-out: the platform pub/sub (Redis), on channel `rt:<channel>`. */
  pubsub: Pick<PubSub, 'subscribe'>;
  bufferSize: BufferSize;
  commandTimeoutMs?: number;
  onError?: (err: unknown) => void;
}

/** The production bus: a counter and a stream per channel in Redis, fan-out over Redis pub/sub. */
export function createRedisBus(options: RedisBusOptions): RealtimeBus {
  const redis = new Redis(options.url, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
  });
  redis.on('error', options.onError ?? ((err) => console.error(err)));
  redis.defineCommand('rtPublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
  const seqKey = (channel: string) => `${options.keyPrefix}rt:{${channel}}:seq`;
  const logKey = (channel: string) => `${options.keyPrefix}rt:{${channel}}:log`;
  const fanout = (channel: string) => `rt:${channel}`;

  return {
    kind: 'redis',
    async publish(channel, data) {
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError('realtime data must be JSON-serialisable');
      const size = Math.max(1, options.bufferSize());
      const seq = await (
        redis as unknown as { rtPublish(...args: Array<string | number>): Promise<number> }
      ).rtPublish(
        seqKey(channel),
        logKey(channel),
        json,
        size,
        `${options.keyPrefix}${fanout(channel)}`,
        KEY_TTL_SECONDS,
      );
      return Number(seq);
    },
    async replay(channel, since): Promise<Replay> {
      const size = Math.max(1, options.bufferSize());
      const result = await redis
        .multi()
        .get(seqKey(channel))
        .xrange(logKey(channel), `${since + 1}-0`, '+', 'COUNT', size * 2)
        .exec();
      if (!result) throw new Error('realtime replay: transaction aborted');
      const [seqReply, rangeReply] = result;
      if (seqReply?.[0]) throw seqReply[0];
      if (rangeReply?.[0]) throw rangeReply[0];
      const latest = Number(seqReply?.[1] ?? 0);
      if (since > latest) return { kind: 'resync', latest };
      const entries = (rangeReply?.[1] ?? []) as Array<[string, string[]]>;
      const events: Envelope[] = entries.map(([id, fields]) => ({
        channel,
        seq: Number(id.slice(0, id.indexOf('-'))),
        json: fields[1] ?? 'null',
      }));
      if (since < latest && (events.length === 0 || events[0]!.seq > since + 1))
        return { kind: 'resync', latest };
      return { kind: 'events', events: events.filter((e) => e.seq <= latest), latest };
    },
    async latest(channel) {
      return Number((await redis.get(seqKey(channel))) ?? 0);
    },
    async subscribe(channel, handler) {
      return options.pubsub.subscribe(fanout(channel), (message) => {
        const m = message as { seq?: unknown; data?: unknown };
        if (typeof m.seq !== 'number') return;
        handler({ channel, seq: m.seq, json: JSON.stringify(m.data ?? null) });
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
