/** The real Redis under test in the services project (TEST_REDIS_URL, set by vitest.config.ts). */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run this file in the services project');
  return url;
}
