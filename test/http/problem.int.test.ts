import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/errors/app-error.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    env: { HTTP_BODY_LIMIT_BYTES: '2048' },
    modules: [
      async (app) => {
        app.post(
          '/echo',
          {
            schema: {
              body: Type.Object(
                { name: Type.String({ minLength: 2 }), count: Type.Integer({ minimum: 1, maximum: 10 }) },
                { additionalProperties: false },
              ),
              querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
            },
          },
          async (request) => ({ got: request.body }),
        );
        app.get('/boom', async () => {
          throw new Error('connection string postgres://admin:hunter2@db leaked');
        });
        app.get('/conflict', async () => {
          throw new AppError('rate_limited', { detail: 'Slow down.', retryAfterSeconds: 30 });
        });
      },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

function expectProblem(
  res: { headers: Record<string, unknown>; statusCode: number; json: () => unknown },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `https://docs.gpubroker.io/problems/${code}` });
  expect(typeof body.title).toBe('string');
  expect(body.request_id).toBe(res.headers['x-request-id']);
  return body;
}

describe('problem+json for every error path', () => {
  it('unknown route → 404 not_found', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/does-not-exist' });
    const body = expectProblem(res, 404, 'not_found');
    expect(body.detail).toContain('/api/v2/does-not-exist');
  });

  it('malformed JSON → 400 malformed_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "ab", ',
    });
    expectProblem(res, 400, 'malformed_json');
  });

  it('body over the limit → 413 payload_too_large', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(4096), count: 1 }),
    });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('unsupported content type → 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/echo',
      headers: { 'content-type': 'application/x-weird' },
      payload: 'hello',
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('schema violations → 422 validation_failed listing every field with a JSON pointer', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/echo?limit=500',
      payload: { name: 'ab', count: 1 },
    });
    const q = expectProblem(res, 422, 'validation_failed');
    expect(q.errors).toEqual([{ path: '/querystring/limit', message: expect.stringContaining('200') }]);

    const res2 = await t.app.inject({
      method: 'POST',
      url: '/api/v2/echo',
      payload: { name: 'a', count: 11, extra: true },
    });
    const body = expectProblem(res2, 422, 'validation_failed');
    const paths = (body.errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(['/body/count', '/body/extra', '/body/name']);

    const res3 = await t.app.inject({ method: 'POST', url: '/api/v2/echo', payload: { count: 1 } });
    expect((expectProblem(res3, 422, 'validation_failed').errors as unknown[])[0]).toEqual({
      path: '/body/name',
      message: expect.stringContaining('name'),
    });
  });

  it('a valid request passes through', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/echo',
      payload: { name: 'ab', count: 2 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ got: { name: 'ab', count: 2 } });
  });

  it('unexpected errors → 500 internal_error without internals', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/boom' });
    const body = expectProblem(res, 500, 'internal_error');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('postgres://');
    expect(body.detail).toBeUndefined();
  });

  it('AppError renders its code, detail and Retry-After', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/conflict' });
    const body = expectProblem(res, 429, 'rate_limited');
    expect(body.detail).toBe('Slow down.');
    expect(res.headers['retry-after']).toBe('30');
  });
});

describe('request ids', () => {
  it('generates a req_ id per request and echoes it', async () => {
    const a = await t.app.inject({ method: 'GET', url: '/healthz' });
    const b = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(a.headers['x-request-id']).toMatch(/^req_[0-9A-Z]{26}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('keeps a well-formed incoming id and replaces a malformed one', async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'edge-1234567890' },
    });
    expect(kept.headers['x-request-id']).toBe('edge-1234567890');
    const replaced = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id<script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^req_/);
  });
});
