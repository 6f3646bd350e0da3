import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/observability/logger.js';
import { createTestApp, type TestApp } from '../support/app.js';

// What an on-call operator reads: JSON lines, each request's lines carrying its request id,
// and never a credential.
const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
    cb();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger({ level: 'info', base: { pod_id: 'log-test' } }, sink),
    modules: [
      async (app) => {
        app.post('/login-ish', async (request) => {
          request.log.info({ body: request.body }, 'handling');
          return { ok: true };
        });
        app.get('/explode', async () => {
          throw new Error('kaboom');
        });
      },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

const forRequest = (id: unknown) => lines.filter((l) => l.request_id === id);

describe('request logs', () => {
  it('tag every line of a request with its request id, as JSON with ISO time and level names', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/login-ish',
      payload: { email: 'a@example.com', password: 'hunter2-secret', token: 'tok_abc' },
      headers: { authorization: 'Bearer eyJsecret', cookie: 'sid=cookie-secret' },
    });
    const mine = forRequest(res.headers['x-request-id']);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'handling', 'request completed']);
    for (const l of mine) {
      expect(l).toMatchObject({ level: 'info', service: 'gpubroker', pod_id: 'log-test' });
      expect(String(l.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
  });

  it('never contain credentials: auth headers, cookies, passwords and tokens are redacted', async () => {
    const text = JSON.stringify(lines);
    for (const secret of ['eyJsecret', 'cookie-secret', 'hunter2-secret', 'tok_abc'])
      expect(text).not.toContain(secret);
    const handling = lines.find((l) => l.msg === 'handling') as { body: Record<string, unknown> };
    expect(handling.body).toEqual({ email: 'a@example.com', password: '[redacted]', token: '[redacted]' });
  });

  it('never contain credentials from query strings (OAuth code and state, e-mail link tokens)', async () => {
    const urls = [
      '/api/v2/auth/oauth/google/callback?code=oauth-code-canary&state=state-canary&iss=https%3A%2F%2Fidp',
      '/verify-email?token=email-token-canary',
      '/login/oauth?next=%2Fpods&CODE=upper-code-canary',
    ];
    for (const url of urls) await t.app.inject({ method: 'GET', url });
    const incoming = lines
      .filter((l) => l.msg === 'incoming request')
      .map((l) => (l.req as { url: string }).url);
    expect(incoming).toEqual(
      expect.arrayContaining([
        '/api/v2/auth/oauth/google/callback?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fidp',
        '/verify-email?token=[redacted]',
        '/login/oauth?next=%2Fpods&CODE=[redacted]',
      ]),
    );
    expect(JSON.stringify(lines)).not.toMatch(/canary/);
  });

  it('log an unexpected error with its stack at error level, tied to the request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/explode' });
    const failed = forRequest(res.headers['x-request-id']).find((l) => l.level === 'error') as {
      err: { message: string; stack: string };
    };
    expect(failed.err.message).toBe('kaboom');
    expect(failed.err.stack).toContain('logging.int.test.ts');
  });

  it('skip probe endpoints so they do not drown the useful lines', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(forRequest(res.headers['x-request-id'])).toEqual([]);
  });
});
