import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** The real Redis under test in the services project (TEST_REDIS_URL, set by vitest.config.ts). */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run this file in the services project');
  return url;
}

/**
 * Keys of one test file in the real Redis: `freshPrefix()` gives each test its own prefix under a
 * run prefix, `admin()` a plain client to look at them, and every key is deleted after the file.
 * Call at the top level of the file (it registers beforeAll/afterAll).
 */
export function redisTestKeys(area: string): { freshPrefix(): string; admin(): Redis } {
  const runPrefix = `gpb-test:${area}:${randomUUID()}:`;
  let seq = 0;
  let admin: Redis | undefined;
  beforeAll(() => {
    admin = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    if (!admin) return;
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await admin.quit();
  });
  return {
    freshPrefix: () => `${runPrefix}${++seq}:`,
    admin() {
      if (!admin) throw new Error('redisTestKeys: admin() before beforeAll ran');
      return admin;
    },
  };
}
