import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { testRedisUrl } from '../../../test/support/services.js';

// The production path: counters in Redis, shared by every API instance of the POD. A POD id of
// its own keeps this run's keys apart from other runs on the same Redis.
const limits = { perIp: 50, perAccount: 2, windowMs: 60_000 };
const env = () => ({
  REDIS_URL: testRedisUrl(),
  GPUBROKER_POD_ID: `limits-${randomBytes(4).toString('hex')}`,
});
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  const shared = env();
  const moduleOptions = { identity: { loginLimits: limits } };
  a = await createTestApp({ env: shared, moduleOptions });
  b = await createTestApp({ env: shared, moduleOptions });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const login = (t: TestApp, email: string) =>
  t.app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: { email, password: 'wrong password' } });

describe('login rate limits on Redis', () => {
  it('count attempts across instances and answer 429 with Retry-After', async () => {
    expect(a.platform.cache.kind).toBe('redis');
    expect((await login(a, 'shared@example.com')).statusCode).toBe(401);
    expect((await login(b, 'shared@example.com')).statusCode).toBe(401);
    const limited = await login(a, 'shared@example.com');
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });
});
