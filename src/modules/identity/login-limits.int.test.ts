import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { createManualClock } from '../../platform/clock/clock.js';
import { authEvents } from './identity.tables.js';

// Small limits so the test stays quick; the counting is the production code path (cache.increment).
const limits = { perIp: 5, perAccount: 3, windowMs: 60_000 };
const clock = createManualClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, moduleOptions: { identity: { loginLimits: limits } } });
});
afterAll(async () => {
  await t?.close();
});

let ipSeq = 0;
const freshIp = () => `203.0.113.${++ipSeq}`;
const login = (email: string, password: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v2/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

async function account(email: string) {
  const password = 'rate limited passphrase';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v2/auth/register',
    payload: { email, password, name: 'Limited' },
  });
  expect(res.statusCode).toBe(201);
  return { email, password, id: res.json().user.id as string };
}

describe('login rate limits', () => {
  it('per account: beyond the limit even the right password gets 429 with Retry-After, until the window ends', async () => {
    const acct = await account('target@example.com');
    for (let i = 0; i < limits.perAccount; i++)
      expect((await login(acct.email, 'wrong password', freshIp())).statusCode).toBe(401);
    const limited = await login(acct.email, acct.password, freshIp());
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBe(60);

    clock.advanceMs(45_000);
    expect(Number((await login(acct.email, acct.password, freshIp())).headers['retry-after'])).toBe(15);
    clock.advanceMs(15_001); // a window lives through its last millisecond, as in Redis
    expect((await login(acct.email, acct.password, freshIp())).statusCode).toBe(200);

    const events = await t.database.db
      .select()
      .from(authEvents)
      .where(eq(authEvents.type, 'login_rate_limited'));
    expect(events).toHaveLength(1); // audited once per window, not once per refused attempt
  });

  it('per account: a successful login resets the count', async () => {
    const acct = await account('resets@example.com');
    for (let i = 0; i < limits.perAccount - 1; i++) await login(acct.email, 'wrong password', freshIp());
    expect((await login(acct.email, acct.password, freshIp())).statusCode).toBe(200);
    for (let i = 0; i < limits.perAccount; i++)
      expect((await login(acct.email, 'wrong password', freshIp())).statusCode).toBe(401);
    expect((await login(acct.email, 'wrong password', freshIp())).statusCode).toBe(429);
  });

  it('per IP: many e-mails from one address are cut off; another address is not', async () => {
    const ip = freshIp();
    for (let i = 0; i < limits.perIp; i++)
      expect((await login(`nobody${i}@example.com`, 'whatever password', ip)).statusCode).toBe(401);
    const limited = await login('nobody-else@example.com', 'whatever password', ip);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('nobody-else@example.com', 'whatever password', freshIp())).statusCode).toBe(401);
  });
});
