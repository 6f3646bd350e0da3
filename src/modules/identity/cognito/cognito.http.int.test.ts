import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { CLIENT_ID, createTestPool, POOL_ID, type TestPool } from './cognito.test-support.js';

// The whole server in Cognito mode: routes → the Cognito adapter (SDK mocked at its boundary) →
// the access gate verifying pool-signed tokens (local key served as the pool's JWKS).
const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const cognito = mockClient(client);
let pool: TestPool;
let t: TestApp;
beforeAll(async () => {
  pool = await createTestPool();
  t = await createTestApp({
    moduleOptions: {
      identity: { cognito: { userPoolId: POOL_ID, clientId: CLIENT_ID, client, verifier: pool.verifier } },
    },
  });
});
afterAll(async () => {
  cognito.restore();
  await t?.close();
});

const call = (method: 'GET' | 'POST', url: string, opts: { token?: string; payload?: object } = {}) =>
  t.app.inject({
    method,
    url: `/api/v2${url}`,
    ...(opts.payload ? { payload: opts.payload } : {}),
    ...(opts.token ? { headers: { authorization: `Bearer ${opts.token}` } } : {}),
  });

describe('Cognito mode over HTTP', () => {
  it('signs up, logs in and serves /me to a pool token, with the role from cognito:groups', async () => {
    cognito.on(SignUpCommand).resolves({ UserSub: 'sub-http', UserConfirmed: true });
    const reg = await call('POST', '/auth/register', {
      payload: { email: 'pool@example.com', password: 'checked by the pool', name: 'Pool User' },
    });
    expect(reg.statusCode).toBe(201);
    expect(reg.json()).toMatchObject({ verification: 'auto_confirmed', user: { email: 'pool@example.com' } });

    const accessToken = await pool.accessToken({ sub: 'sub-http', groups: ['pro'] });
    const poolRefresh = 'r'.repeat(1800); // Cognito refresh tokens are ~1.8 kB
    cognito.on(InitiateAuthCommand).resolves({
      AuthenticationResult: { AccessToken: accessToken, RefreshToken: poolRefresh, ExpiresIn: 3600 },
    });
    const login = await call('POST', '/auth/login', {
      payload: { email: 'pool@example.com', password: 'checked by the pool' },
    });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json()).toMatchObject({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });

    const me = await call('GET', '/me', { token: accessToken });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: reg.json().user.id, email: 'pool@example.com', role: 'pro' });

    const refreshed = await call('POST', '/auth/refresh', {
      payload: { refresh_token: login.json().refresh_token },
    });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
  });

  it('refuses tokens the pool did not sign, and tokens for another app client', async () => {
    const foreign = await pool.foreignToken({ sub: 'sub-http' });
    expect((await call('GET', '/me', { token: foreign })).statusCode).toBe(401);
    const otherClient = await pool.accessToken({ sub: 'sub-http', clientId: 'another-client' });
    expect((await call('GET', '/me', { token: otherClient })).statusCode).toBe(401);
  });

  it('accepts our API keys created with a pool token', async () => {
    const accessToken = await pool.accessToken({ sub: 'sub-http', groups: ['pro'] });
    const created = await call('POST', '/api-keys', { token: accessToken, payload: { name: 'ci' } });
    expect(created.statusCode).toBe(201);
    const me = await call('GET', '/me', { token: created.json().key });
    expect(me.json()).toMatchObject({ email: 'pool@example.com', role: 'pro' });
  });

  it('leaves password, backup-code and our OAuth routes to the pool (404 here)', async () => {
    const accessToken = await pool.accessToken({ sub: 'sub-http' });
    for (const [method, url] of [
      ['POST', '/auth/password'],
      ['POST', '/auth/mfa/backup-codes'],
      ['GET', '/auth/oauth/providers'],
    ] as const)
      expect((await call(method, url, { token: accessToken, payload: {} })).statusCode, url).toBe(404);
  });
});
