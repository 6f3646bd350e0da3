import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { launchBrowser, openPage } from './support/browser.js';
import { alertText, freePort, totp, wrongCode } from './support/identity.js';
import { type E2eServer, startServer } from './support/server.js';

// "Continue with Google" in Chromium: the real server, and a real OpenID provider (oidc-provider)
// on this machine standing in for Google, through the whole redirect round trip to /login/oauth.

const GOOGLE = { clientId: 'gpubroker-e2e', clientSecret: 'google e2e client secret' };

let server: E2eServer;
let browser: Browser;
let idp: TestOidcProvider;
beforeAll(async () => {
  // The redirect URI registered at the provider names the app's port, so the port is chosen first.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ ...GOOGLE, redirectUri: `${base}/api/v2/auth/oauth/google/callback` });
  [server, browser] = await Promise.all([
    startServer({
      port,
      env: { GPUBROKER_PUBLIC_URL: base },
      moduleOptions: { identity: { oauth: { google: { ...GOOGLE, issuer: idp.issuer } } } },
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await idp?.close();
});

describe('OAuth login', () => {
  it('logs in with Google, and asks for the MFA code on the way back once MFA is on', {
    timeout: 120_000,
  }, async () => {
    const email = 'linus@example.com';
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    try {
      idp.signInAs({ sub: 'google-linus', email, email_verified: true, name: 'Linus Torvalds' });
      await page.goto('/login?next=/account');
      await page.getByRole('link', { name: 'Continue with Google' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain(`Signed in as ${email}`);

      // MFA on (a backup code will do for the way back: no waiting for a fresh TOTP step).
      const security = page.getByRole('region', { name: 'Two-factor authentication' });
      await security.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      const secret = (await security.getByTestId('totp-secret').textContent())?.trim() ?? '';
      const enableForm = security.getByRole('form', { name: 'Turn on two-factor authentication' });
      await enableForm.getByLabel('Code from your app').fill(await totp(secret));
      await enableForm.getByRole('button', { name: 'Turn on' }).click();
      const backupCode = (await security.getByRole('listitem').first().textContent())?.trim() ?? '';
      expect(backupCode).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}$/);
      await security.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByRole('button', { name: 'Account menu for Linus Torvalds' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.getByRole('banner').getByRole('link', { name: 'Log in' }).waitFor();

      await page.goto('/login?next=/account');
      await page.getByRole('link', { name: 'Continue with Google' }).click();
      await page.waitForURL((url) => url.pathname === '/login/oauth');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
      const codeForm = page.getByRole('form', { name: 'Two-factor authentication' });
      await codeForm.getByLabel('Authentication code').fill(await wrongCode(secret));
      await codeForm.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => codeForm.getByRole('alert').textContent()).toContain('not valid');
      await codeForm.getByLabel('Authentication code').fill(backupCode);
      await codeForm.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await security.getByText('Two-factor authentication is on').waitFor();
    } finally {
      await session.close();
    }
    expect(session.failedRequests.map((f) => f.replace(server.baseUrl, ''))).toEqual([
      'POST /api/v2/auth/oauth/exchange: 401',
      'POST /api/v2/auth/oauth/exchange: 401',
    ]);
  });

  it('explains an OAuth failure the callback reports', async () => {
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    try {
      idp.signInAs('deny');
      await page.goto('/login');
      await page.getByRole('link', { name: 'Continue with Google' }).click();
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('error'));
      expect(await alertText(page)).toContain('cancelled');
    } finally {
      await session.close();
    }
  });
});
