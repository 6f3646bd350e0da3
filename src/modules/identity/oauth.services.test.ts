import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startOidcProvider, type TestOidcProvider } from '../../../test/support/oidc-provider.js';
import { createRedirectBrowser } from '../../../test/support/redirect-browser.js';
import { testRedisUrl } from '../../../test/support/services.js';

// The production path: two API instances of one POD share Redis, and a login started on one
// completes on the other (the load balancer owes the callback to no instance in particular).
// The instances are driven with inject: the public URL only has to match the redirect URI. Each
// test app has a database of its own, so the account exists where the callback ran (b).
const PUBLIC_URL = 'http://127.0.0.1:9';
const GOOGLE = { clientId: 'gpubroker-services', clientSecret: 'services test client secret' };

let idp: TestOidcProvider;
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  idp = await startOidcProvider({
    ...GOOGLE,
    redirectUri: `${PUBLIC_URL}/api/v2/auth/oauth/google/callback`,
  });
  const env = {
    REDIS_URL: testRedisUrl(),
    GPUBROKER_POD_ID: `oauth-${randomBytes(4).toString('hex')}`,
    GPUBROKER_PUBLIC_URL: PUBLIC_URL,
    OAUTH_GOOGLE_CLIENT_ID: GOOGLE.clientId,
    OAUTH_GOOGLE_CLIENT_SECRET: GOOGLE.clientSecret,
    OAUTH_GOOGLE_ISSUER: idp.issuer,
  };
  a = await createTestApp({ env });
  b = await createTestApp({ env });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await idp?.close();
});

describe('OAuth login across instances on Redis', () => {
  it('starts on one instance and completes on another; state and code are spent on both', async () => {
    expect(a.platform.cache.kind).toBe('redis');
    const email = `${randomBytes(6).toString('hex')}@example.com`;
    idp.signInAs({ sub: `sub-${email}`, email, email_verified: true, name: 'Shared Redis' });

    const start = await a.app.inject({ method: 'GET', url: '/api/v2/auth/oauth/google/start?next=/pods' });
    expect(start.statusCode).toBe(302);
    const stateCookie = String(start.headers['set-cookie']).split(';')[0] ?? '';
    const callback = new URL(
      await createRedirectBrowser().navigate(String(start.headers.location), (url) =>
        url.startsWith(PUBLIC_URL),
      ),
    );
    expect(callback.pathname).toBe('/api/v2/auth/oauth/google/callback');

    const onB = await b.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: stateCookie },
    });
    const landing = new URL(String(onB.headers.location));
    expect(`${landing.origin}${landing.pathname}`).toBe(`${PUBLIC_URL}/login/oauth`);
    expect(landing.searchParams.get('next')).toBe('/pods');

    // The same callback replayed on the first instance: the state is spent everywhere.
    const replay = await a.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(replay.headers.location).toBe(`${PUBLIC_URL}/login?error=oauth_failed`);

    const exchange = (t: TestApp) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v2/auth/oauth/exchange',
        payload: { code: landing.searchParams.get('code') },
      });
    const tokens = await exchange(b);
    expect(tokens.statusCode).toBe(200);
    expect(tokens.json().user.email).toBe(email);
    expect((await exchange(a)).statusCode).toBe(410);
  });
});
