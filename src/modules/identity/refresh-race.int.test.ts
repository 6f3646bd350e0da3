import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

// Two refreshes of one token at the same moment (a stolen token used alongside the real client):
// the row lock makes them run one after the other, so exactly one wins and the loser counts as
// reuse, which revokes the family, including the winner's new token.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v2${url}`, payload });

describe('concurrent refresh of one token', () => {
  it('lets exactly one through and then revokes the family', async () => {
    const account = { email: 'race@example.com', password: 'racing passphrase', name: 'Racer' };
    expect((await post('/auth/register', account)).statusCode).toBe(201);
    const login = await post('/auth/login', { email: account.email, password: account.password });
    const { refresh_token } = login.json();

    const results = await Promise.all([1, 2, 3].map(() => post('/auth/refresh', { refresh_token })));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 401, 401]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect((await post('/auth/refresh', { refresh_token: winner.refresh_token })).statusCode).toBe(401);
  });
});

describe('OpenAPI document', () => {
  it('describes the identity routes', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v2/openapi.json' })).json();
    for (const path of [
      '/api/v2/auth/register',
      '/api/v2/auth/verify-email',
      '/api/v2/auth/login',
      '/api/v2/auth/refresh',
      '/api/v2/auth/logout',
      '/api/v2/me',
      '/.well-known/jwks.json',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
