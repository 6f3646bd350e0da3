import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../../../test/support/services.js';
import { createPubSub } from './index.js';
import { collector, describePubSubContract } from './pubsub.contract.js';
import type { PubSub } from './pubsub.port.js';
import { createRedisPubSub } from './redis.pubsub.js';

const redisUrl = testRedisUrl();

// A fresh channel prefix per instance group, so parallel runs never hear each other.
const runPrefix = `gpb-test:pubsub:${randomUUID()}:`;
let seq = 0;
const freshPrefix = () => `${runPrefix}${++seq}:`;

let admin: Redis;
const opened: PubSub[] = [];
function open(opts: Parameters<typeof createRedisPubSub>[0]): PubSub {
  const ps = createRedisPubSub(opts);
  opened.push(ps);
  return ps;
}
beforeAll(() => {
  admin = new Redis(redisUrl);
});
afterAll(async () => {
  await Promise.all(opened.map((ps) => ps.close()));
  await admin.quit();
});

async function subscriberCount(channel: string): Promise<number> {
  const reply = (await admin.pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

async function clientId(name: string): Promise<string | undefined> {
  const list = (await admin.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  return line?.match(/^id=(\d+)/)?.[1];
}

describePubSubContract('redis', ({ onError }) =>
  createRedisPubSub({ url: redisUrl, channelPrefix: freshPrefix(), onError }),
);

describe('redis pub/sub', () => {
  it('lets two instances on one Redis hear each other, and themselves', async () => {
    const prefix = freshPrefix();
    const a = open({ url: redisUrl, channelPrefix: prefix });
    const b = open({ url: redisUrl, channelPrefix: prefix });
    const [onA, onB] = [collector(), collector()];
    await a.subscribe('config', onA.handler);
    await b.subscribe('config', onB.handler);
    await a.publish('config', { from: 'a' });
    await b.publish('config', { from: 'b' });
    await expect.poll(() => onA.messages()).toEqual([{ from: 'a' }, { from: 'b' }]);
    await expect.poll(() => onB.messages()).toEqual([{ from: 'a' }, { from: 'b' }]);
  });

  it('isolates instances with different channel prefixes', async () => {
    const a = open({ url: redisUrl, channelPrefix: freshPrefix() });
    const b = open({ url: redisUrl, channelPrefix: freshPrefix() });
    const onA = collector();
    await a.subscribe('config', onA.handler);
    // B's PUBLISH has been fanned out by the time it returns, so a leak would reach A first.
    await b.publish('config', 'foreign');
    await a.publish('config', 'own');
    await expect.poll(() => onA.messages()).toEqual(['own']);
  });

  it('holds one Redis subscription per channel until its last local handler leaves', async () => {
    const prefix = freshPrefix();
    const ps = open({ url: redisUrl, channelPrefix: prefix });
    const first = await ps.subscribe('ch', collector().handler);
    const second = await ps.subscribe('ch', collector().handler);
    expect(await subscriberCount(`${prefix}ch`)).toBe(1);
    await first();
    expect(await subscriberCount(`${prefix}ch`)).toBe(1);
    await second();
    expect(await subscriberCount(`${prefix}ch`)).toBe(0);
    await ps.subscribe('ch', collector().handler);
    expect(await subscriberCount(`${prefix}ch`)).toBe(1);
  });

  it('resubscribes after its subscriber connection is dropped', async () => {
    const name = `gpb-test-${randomUUID()}`;
    const ps = open({ url: redisUrl, channelPrefix: freshPrefix(), connectionName: name, onError: () => {} });
    const c = collector();
    await ps.subscribe('ch', c.handler);
    const before = await clientId(`${name}:sub`);
    expect(before).toBeDefined();
    await admin.client('KILL', 'ID', before as string);
    // Messages sent while it reconnects are lost (at-most-once), so keep publishing until one lands.
    await expect
      .poll(
        async () => {
          await ps.publish('ch', 'after reconnect');
          return c.messages().length;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    const after = await clientId(`${name}:sub`);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('rejects ping, publish and subscribe when Redis is unreachable', async () => {
    // Port 1 on loopback refuses connections at once.
    const errors: unknown[] = [];
    const ps = createRedisPubSub({ url: 'redis://127.0.0.1:1', onError: (err) => errors.push(err) });
    await expect(ps.ping()).rejects.toThrow();
    await expect(ps.publish('ch', 'x')).rejects.toThrow();
    await expect(ps.subscribe('ch', collector().handler)).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    await ps.close();
  });

  it('createPubSub with a Redis URL publishes on the prefixed Redis channel', async () => {
    const prefix = freshPrefix();
    const ps = createPubSub({ redisUrl, channelPrefix: prefix });
    opened.push(ps);
    expect(ps.kind).toBe('redis');
    const listener = new Redis(redisUrl);
    const raw: string[] = [];
    listener.on('message', (_channel: string, text: string) => raw.push(text));
    await listener.subscribe(`${prefix}events`);
    await ps.publish('events', { n: 1 });
    await expect.poll(() => raw).toEqual(['{"n":1}']);
    await listener.quit();
  });
});
