import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testRedisUrl } from '../support/services.js';

// Two API instances of one POD on the real Redis, as behind a load balancer.
const redisUrl = testRedisUrl();
const podId = `it-${Date.now().toString(36)}`;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await createTestApp({ env: { REDIS_URL: redisUrl, GPUBROKER_POD_ID: podId } });
  b = await createTestApp({ env: { REDIS_URL: redisUrl, GPUBROKER_POD_ID: podId } });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('two server instances on one Redis', () => {
  it('use the Redis adapters and report them ready', async () => {
    expect(a.platform.cache.kind).toBe('redis');
    expect(a.platform.pubsub.kind).toBe('redis');
    const res = await a.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks).toMatchObject({ cache: { status: 'up' }, pubsub: { status: 'up' } });
  });

  it("see each other's pub/sub messages", async () => {
    const gotOnA: unknown[] = [];
    const gotOnB: unknown[] = [];
    const offA = await a.platform.pubsub.subscribe('config.changed', (m) => {
      gotOnA.push(m);
    });
    const offB = await b.platform.pubsub.subscribe('config.changed', (m) => {
      gotOnB.push(m);
    });
    await a.platform.pubsub.publish('config.changed', { key: 'markup_percent', from: 'a' });
    await b.platform.pubsub.publish('config.changed', { key: 'featured_gpus', from: 'b' });
    await expect.poll(() => gotOnB.length).toBe(2);
    await expect.poll(() => gotOnA.length).toBe(2);
    expect(gotOnB).toEqual([
      { key: 'markup_percent', from: 'a' },
      { key: 'featured_gpus', from: 'b' },
    ]);
    await offA();
    await offB();
  });

  it('share one cache', async () => {
    await a.platform.cache.set('featured', { h100: 2.49 }, 5_000);
    expect(await b.platform.cache.get('featured')).toEqual({ h100: 2.49 });
    const first = await a.platform.cache.increment('login:1.2.3.4', 60_000);
    const second = await b.platform.cache.increment('login:1.2.3.4', 60_000);
    expect(second.count).toBe(first.count + 1);
  });
});

describe('an instance whose Redis is unreachable', () => {
  it('answers /readyz 503 naming cache and pubsub, while /healthz stays ok', async () => {
    const down = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const ready = await down.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      const body = ready.json();
      expect(body.code).toBe('service_unavailable');
      expect(body.detail).toBe('Unreachable: cache, pubsub.');
      expect(body.checks.database.status).toBe('up');
      expect((await down.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await down.close();
    }
  });
});
