import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { type FakeGitHub, type GitHubAccount, startFakeGitHub } from '../../../test/support/fake-github.js';
import {
  type OidcAccount,
  startOidcProvider,
  type TestOidcProvider,
} from '../../../test/support/oidc-provider.js';
import { createRedirectBrowser, type RedirectBrowser } from '../../../test/support/redirect-browser.js';

// The whole redirect dance over real HTTP: the app listens on 127.0.0.1, a real OpenID provider
// (oidc-provider) stands in for Google, a local server with GitHub's documented shapes for GitHub.
const GOOGLE = { clientId: 'gpubroker-test', clientSecret: 'google test client secret' };
const GITHUB = { clientId: 'Iv1.testclient', clientSecret: 'github test client secret' };
const PASSWORD = 'correct horse battery staple';

let t: TestApp;
let base: string;
let idp: TestOidcProvider;
let github: FakeGitHub;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  // The redirect URI registered at the provider names the app's port, so the port comes first.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ ...GOOGLE, redirectUri: `${base}/api/v2/auth/oauth/google/callback` });
  github = await startFakeGitHub(GITHUB);
  t = await createTestApp({
    env: { GPUBROKER_PUBLIC_URL: base },
    moduleOptions: {
      identity: {
        oauth: { google: { ...GOOGLE, issuer: idp.issuer }, github: { ...GITHUB, ...github.urls } },
      },
    },
  });
  await t.app.listen({ host: '127.0.0.1', port });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
  await github?.close();
});

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Date.now()}`;
const googleAccount = (over: Partial<OidcAccount> = {}): OidcAccount => ({
  sub: unique('google-sub'),
  email: `${unique('g')}@example.com`,
  email_verified: true,
  name: 'Grace Hopper',
  ...over,
});

/** Where the app finally sends the browser: the web app's OAuth landing page or its login page. */
const atWebApp = (url: string) => url.startsWith(`${base}/login`);

async function loginAt(
  provider: 'google' | 'github',
  opts: { next?: string; browser?: RedirectBrowser } = {},
): Promise<URL> {
  const browser = opts.browser ?? createRedirectBrowser();
  const query = opts.next === undefined ? '' : `?next=${encodeURIComponent(opts.next)}`;
  return new URL(await browser.navigate(`${base}/api/v2/auth/oauth/${provider}/start${query}`, atWebApp));
}

async function exchange(code: string, totpCode?: string) {
  return fetch(`${base}/api/v2/auth/oauth/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, ...(totpCode ? { totp_code: totpCode } : {}) }),
  });
}

/** A completed login: the landing URL must carry a code, which is exchanged for tokens. */
async function logInWith(provider: 'google' | 'github', next?: string) {
  const landing = await loginAt(provider, { next });
  expect(landing.pathname, landing.href).toBe('/login/oauth');
  const res = await exchange(landing.searchParams.get('code') ?? '');
  expect(res.status).toBe(200);
  return {
    landing,
    tokens: (await res.json()) as { access_token: string; refresh_token: string; user: { id: string } },
  };
}

async function problemCode(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code;
}

async function me(accessToken: string) {
  const res = await fetch(`${base}/api/v2/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    id: string;
    email: string;
    name: string;
    status: string;
    mfa_enabled: boolean;
  };
}

async function registerWithPassword(email: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v2/auth/register',
    payload: { email, password: PASSWORD, name: 'Password User' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().user.id;
}

async function identityRows(userId: string) {
  return (
    await t.database.executeSql<{ provider: string; subject: string; email: string }>(
      'select provider, subject, email from user_identities where user_id = $1 order by provider',
      [userId],
    )
  ).rows;
}

async function eventTypes(userId: string) {
  return (
    await t.database.executeSql<{ type: string; detail: Record<string, unknown> }>(
      'select type, detail from auth_events where user_id = $1 order by at, id',
      [userId],
    )
  ).rows;
}

describe('GET /auth/oauth/providers', () => {
  it('lists the configured providers with their start URLs', async () => {
    const res = await fetch(`${base}/api/v2/auth/oauth/providers`);
    expect(await res.json()).toEqual({
      items: [
        { id: 'google', name: 'Google', start_url: '/api/v2/auth/oauth/google/start' },
        { id: 'github', name: 'GitHub', start_url: '/api/v2/auth/oauth/github/start' },
      ],
    });
  });
});

describe('GET /auth/oauth/{provider}/start', () => {
  it('redirects to the provider with state, PKCE (S256) and a nonce, and sets the state cookie', async () => {
    const browser = createRedirectBrowser();
    const res = await browser.fetch(`${base}/api/v2/auth/oauth/google/start`);
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location') ?? '');
    expect(target.origin).toBe(idp.issuer);
    const q = target.searchParams;
    expect(q.get('client_id')).toBe(GOOGLE.clientId);
    expect(q.get('redirect_uri')).toBe(`${base}/api/v2/auth/oauth/google/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('state')).toBeTruthy();
    expect(browser.cookie(new URL(base).host, 'gpb_oauth_state')).toBe(q.get('state'));
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('is 404 for a provider that is not configured', async () => {
    const res = await fetch(`${base}/api/v2/auth/oauth/facebook/start`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(await problemCode(res)).toBe('not_found');
  });
});

describe('Google (OpenID Connect) login', () => {
  it('creates an active account on first login, tokens work on /me, and the next login finds it', async () => {
    const account = googleAccount({ name: 'Ada Lovelace' });
    idp.signInAs(account);
    const { landing, tokens } = await logInWith('google', '/pods?tab=running');
    expect(landing.searchParams.get('next')).toBe('/pods?tab=running');
    const profile = await me(tokens.access_token);
    expect(profile).toMatchObject({ email: account.email, name: 'Ada Lovelace', status: 'active' });
    expect(await identityRows(profile.id)).toEqual([
      { provider: 'google', subject: account.sub, email: account.email },
    ]);
    const events = await eventTypes(profile.id);
    expect(events.map((e) => e.type)).toEqual(['user_registered', 'login_succeeded']);
    expect(events[1]?.detail).toEqual({ method: 'oauth', provider: 'google' });

    // Same provider account, even with a changed e-mail at the provider: the link decides.
    idp.signInAs({ ...account, email: `${unique('changed')}@example.com` });
    const again = await logInWith('google');
    expect(again.tokens.user.id).toBe(profile.id);
    expect(again.landing.searchParams.get('next')).toBe('/');

    // The refresh token of an OAuth session is an ordinary one.
    const refreshed = await fetch(`${base}/api/v2/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: again.tokens.refresh_token }),
    });
    expect(refreshed.status).toBe(200);
  });

  it('links an existing account when the provider has verified the same e-mail', async () => {
    const email = `${unique('linked')}@example.com`;
    const userId = await registerWithPassword(email);
    const account = googleAccount({ email: email.toUpperCase() });
    idp.signInAs(account);
    const { tokens } = await logInWith('google');
    expect(tokens.user.id).toBe(userId);
    expect(await identityRows(userId)).toEqual([{ provider: 'google', subject: account.sub, email }]);
    const linked = (await eventTypes(userId)).find((e) => e.type === 'oauth_linked');
    expect(linked?.detail).toEqual({ provider: 'google', email });
    // The password still works next to the link.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(login.json().user.id).toBe(userId);
  });

  it('does not link (nor create) an account from an e-mail the provider has not verified', async () => {
    const email = `${unique('unverified')}@example.com`;
    const userId = await registerWithPassword(email);
    idp.signInAs(googleAccount({ email, email_verified: false }));
    const landing = await loginAt('google');
    expect(landing.href).toBe(`${base}/login?error=oauth_email_unverified`);
    expect(await identityRows(userId)).toEqual([]);

    const stranger = googleAccount({ email_verified: false });
    idp.signInAs(stranger);
    expect((await loginAt('google')).searchParams.get('error')).toBe('oauth_email_unverified');
    const created = await t.database.executeSql('select id from users where email = $1', [stranger.email]);
    expect(created.rowCount).toBe(0);
  });

  it('refuses a disabled account', async () => {
    const email = `${unique('disabled')}@example.com`;
    const userId = await registerWithPassword(email);
    await t.database.executeSql(`update users set status = 'disabled' where id = $1`, [userId]);
    idp.signInAs(googleAccount({ email }));
    expect((await loginAt('google')).href).toBe(`${base}/login?error=oauth_account_disabled`);
    expect(await identityRows(userId)).toEqual([]);
  });

  it('reports a login the user cancelled at the provider', async () => {
    idp.signInAs('deny');
    expect((await loginAt('google')).href).toBe(`${base}/login?error=oauth_cancelled`);
  });

  it('only returns to same-site paths', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      idp.signInAs(googleAccount());
      const { landing } = await logInWith('google', next);
      expect(landing.searchParams.get('next'), next).toBe('/');
    }
  });
});

describe('state and code protection', () => {
  /** Runs a login up to the provider's redirect back to the app; returns the callback URL. */
  async function callbackUrl(browser: RedirectBrowser): Promise<string> {
    idp.signInAs(googleAccount());
    return browser.navigate(`${base}/api/v2/auth/oauth/google/start`, (url) => url.includes('/callback?'));
  }

  it('rejects a state it did not issue', async () => {
    const browser = createRedirectBrowser();
    const url = new URL(await callbackUrl(browser));
    url.searchParams.set('state', 'forged-state');
    expect(await browser.navigate(url.href, atWebApp)).toBe(`${base}/login?error=oauth_failed`);
  });

  it('rejects a callback replayed after its state was used', async () => {
    const browser = createRedirectBrowser();
    const url = await callbackUrl(browser);
    const cookie = browser.cookie(new URL(base).host, 'gpb_oauth_state');
    expect(new URL(await browser.navigate(url, atWebApp)).pathname).toBe('/login/oauth');
    // Even with the state cookie put back, the state is spent.
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: `gpb_oauth_state=${cookie}` } });
    expect(res.headers.get('location')).toBe(`${base}/login?error=oauth_failed`);
  });

  it('rejects a callback that arrives in a browser that did not start the login (login CSRF)', async () => {
    const url = await callbackUrl(createRedirectBrowser());
    const victim = createRedirectBrowser();
    expect(await victim.navigate(url, atWebApp)).toBe(`${base}/login?error=oauth_failed`);
  });

  it('spends the login code on first use (410 afterwards) and never puts tokens in a URL', async () => {
    idp.signInAs(googleAccount());
    const landing = await loginAt('google');
    const code = landing.searchParams.get('code') ?? '';
    expect([...landing.searchParams.keys()].sort()).toEqual(['code', 'next']);
    expect((await exchange(code)).status).toBe(200);
    const replay = await exchange(code);
    expect(replay.status).toBe(410);
    expect(await problemCode(replay)).toBe('token_expired');
    expect((await exchange('never-issued')).status).toBe(410);
  });
});

describe('OAuth login with MFA on', () => {
  it('answers mfa_required without spending the code, then logs in with a second factor', async () => {
    const account = googleAccount();
    idp.signInAs(account);
    const first = await logInWith('google');
    const auth = { authorization: `Bearer ${first.tokens.access_token}` };
    const setup = await t.app.inject({ method: 'POST', url: '/api/v2/auth/mfa/totp/setup', headers: auth });
    expect(setup.statusCode, setup.body).toBe(200);
    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/v2/auth/mfa/totp/enable',
      headers: auth,
      payload: { code: await generate({ secret: setup.json().secret }) },
    });
    expect(enable.statusCode, enable.body).toBe(200);
    const [backupCode] = enable.json().backup_codes as string[];

    idp.signInAs(account);
    const landing = await loginAt('google');
    const code = landing.searchParams.get('code') ?? '';
    const required = await exchange(code);
    expect(required.status).toBe(401);
    expect(await problemCode(required)).toBe('mfa_required');
    const wrong = await exchange(code, '000000');
    expect(wrong.status).toBe(401);
    expect(await problemCode(wrong)).toBe('unauthorized');

    const ok = await exchange(code, backupCode);
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as { access_token: string };
    expect((await me(tokens.access_token)).mfa_enabled).toBe(true);
    expect((await exchange(code, backupCode)).status).toBe(410);

    // Guessing is bounded per code: after five wrong codes the login code is spent.
    idp.signInAs(account);
    const guessed = (await loginAt('google')).searchParams.get('code') ?? '';
    for (let i = 0; i < 5; i++) expect((await exchange(guessed, `00000${i}`)).status).toBe(401);
    expect((await exchange(guessed, '123456')).status).toBe(410);
  });
});

describe('GitHub login', () => {
  const githubAccount = (over: Partial<GitHubAccount> = {}): GitHubAccount => ({
    id: 1000 + ++n,
    login: unique('octocat'),
    name: null,
    emails: [
      { email: `${unique('secondary')}@example.com`, primary: false, verified: true },
      { email: `${unique('gh')}@example.com`, primary: true, verified: true },
    ],
    ...over,
  });

  it('creates an account from /user and the primary verified address of /user/emails', async () => {
    const account = githubAccount();
    github.signInAs(account);
    const { tokens } = await logInWith('github');
    const profile = await me(tokens.access_token);
    const primary = account.emails[1]?.email;
    // GitHub users without a display name are called by their login.
    expect(profile).toMatchObject({ email: primary, name: account.login });
    expect(await identityRows(profile.id)).toEqual([
      { provider: 'github', subject: String(account.id), email: primary },
    ]);
  });

  it('does not link an existing account when the primary address is unverified', async () => {
    const email = `${unique('gh-unverified')}@example.com`;
    const userId = await registerWithPassword(email);
    github.signInAs(githubAccount({ emails: [{ email, primary: true, verified: false }] }));
    expect((await loginAt('github')).href).toBe(`${base}/login?error=oauth_email_unverified`);
    expect(await identityRows(userId)).toEqual([]);
  });

  it('links one user to both providers by their verified address', async () => {
    const email = `${unique('both')}@example.com`;
    idp.signInAs(googleAccount({ email }));
    const viaGoogle = await logInWith('google');
    github.signInAs(githubAccount({ emails: [{ email, primary: true, verified: true }] }));
    const viaGitHub = await logInWith('github');
    expect(viaGitHub.tokens.user.id).toBe(viaGoogle.tokens.user.id);
    expect((await identityRows(viaGoogle.tokens.user.id)).map((r) => r.provider)).toEqual([
      'github',
      'google',
    ]);
  });
});
