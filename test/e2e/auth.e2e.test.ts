import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import {
  alertText,
  createConfirmedAccount,
  logInWithPassword,
  REFRESH_TOKEN_KEY,
  totp,
  verificationPath,
  wrongCode,
} from './support/identity.js';
import { type E2eServer, startServer } from './support/server.js';

// The identity pages in Chromium against the real server, with e-mail confirmation on (the server
// sends the verify-email message to the dev mailbox instead of auto-confirming the SANDBOX sign-up):
// sign up → open the link from the e-mail → log in → turn MFA on → log out → log in with a TOTP code;
// API keys and profile; the session across reloads, 401s and tabs. OAuth: auth-oauth.e2e.test.ts.

let server: E2eServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ moduleOptions: { identity: { autoConfirm: () => false } } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('identity pages', () => {
  it('signs up, confirms by e-mail, turns MFA on, and logs in again with a TOTP code', {
    timeout: 150_000,
  }, async () => {
    const email = 'ada@example.com';
    const password = 'analytical engine 1843';
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    try {
      // Sign up, carrying the plan chosen on the plans page.
      await page.goto('/register?plan=pro');
      const signUp = page.getByRole('form', { name: 'Create an account' });
      expect(await signUp.getByText('PRO', { exact: true }).isVisible()).toBe(true);
      await signUp.getByLabel('Name').fill('Ada Lovelace');
      await signUp.getByLabel('E-mail').fill(email);
      await signUp.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
      const registering = page.waitForRequest((r) => r.url().endsWith('/api/v2/auth/register'));
      await signUp.getByRole('button', { name: 'Create account' }).click();
      // Everyone starts on FREE; the plan asked for is recorded for the upgrade.
      expect((await registering).postDataJSON()).toMatchObject({ email, name: 'Ada Lovelace', plan: 'pro' });
      await page.getByRole('heading', { level: 1, name: 'Check your e-mail' }).waitFor();
      expect(await page.getByRole('status').textContent()).toContain(email);
      await screenshot(page, 'auth-check-email-1440');

      // Not confirmed yet: the server refuses the login and the page says why.
      await page.goto('/login');
      await logInWithPassword(page, email, password);
      await expect.poll(() => alertText(page)).toContain('Confirm your e-mail');

      // The link from the captured e-mail confirms the account.
      await page.goto(await verificationPath(server, email));
      await page.getByRole('heading', { level: 1, name: 'E-mail confirmed' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      const loginForm = page.getByRole('form', { name: 'Log in' });
      expect(await loginForm.getByLabel('E-mail').inputValue()).toBe(email);
      await loginForm.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
      await loginForm.getByRole('button', { name: 'Log in' }).click();

      // Logged in: the account page, and the header's user menu instead of "Log in".
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain(`Signed in as ${email}`);
      const header = page.getByRole('banner');
      expect(await header.getByRole('button', { name: 'Account menu for Ada Lovelace' }).isVisible()).toBe(
        true,
      );
      expect(await header.getByRole('link', { name: 'Log in' }).count()).toBe(0);
      expect(await page.getByRole('region', { name: 'Profile' }).textContent()).toContain('FREE');

      // Turn MFA on: QR code drawn in the page, the key for manual entry, a wrong code, then a right one.
      const security = page.getByRole('region', { name: 'Two-factor authentication' });
      await security.getByRole('button', { name: 'Set up two-factor authentication' }).click();
      const qr = security.getByRole('img', { name: /QR code/ });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      const secret = (await security.getByTestId('totp-secret').textContent())?.trim() ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await screenshot(page, 'account-mfa-setup-1440');

      const enableForm = security.getByRole('form', { name: 'Turn on two-factor authentication' });
      await enableForm.getByLabel('Code from your app').fill(await wrongCode(secret));
      await enableForm.getByRole('button', { name: 'Turn on' }).click();
      await expect.poll(() => enableForm.getByRole('alert').count()).toBe(1);

      const enableCode = await totp(secret);
      await enableForm.getByLabel('Code from your app').fill(enableCode);
      await enableForm.getByRole('button', { name: 'Turn on' }).click();
      const backupList = security.getByRole('list', { name: 'Backup codes' });
      await backupList.waitFor();
      const backupCodes = (await backupList.getByRole('listitem').allTextContents()).map((c) => c.trim());
      expect(backupCodes.length).toBeGreaterThanOrEqual(8);
      for (const code of backupCodes) expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}$/);
      await screenshot(page, 'account-backup-codes-1440');
      await security.getByRole('button', { name: 'I have saved them' }).click();
      await security.getByText('Two-factor authentication is on').waitFor();

      // Log out from the user menu: the refresh token is gone here and dead on the server, and
      // the account page wants a login.
      const ended = await page.evaluate<string | null>(`localStorage.getItem('${REFRESH_TOKEN_KEY}')`);
      expect(ended).toBeTruthy();
      const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v2/auth/logout'));
      await header.getByRole('button', { name: 'Account menu for Ada Lovelace' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      expect((await loggedOut).status()).toBe(204);
      await page.waitForURL((url) => url.pathname === '/');
      await header.getByRole('link', { name: 'Log in' }).waitFor();
      expect(await page.evaluate(`localStorage.getItem('${REFRESH_TOKEN_KEY}')`)).toBeNull();
      const refreshWith = (refresh_token: string | null) =>
        fetch(`${server.baseUrl}/api/v2/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token }),
        }).then((r) => r.status);
      expect(await refreshWith(ended)).toBe(401);
      await page.goto('/account');
      await page.waitForURL((url) => url.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/account');

      // Password alone is not enough now: the page asks for the code, refuses a wrong one…
      await logInWithPassword(page, email, password);
      const codeForm = page.getByRole('form', { name: 'Two-factor authentication' });
      await codeForm.waitFor();
      await codeForm.getByLabel('Authentication code').fill(await wrongCode(secret));
      await codeForm.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => codeForm.getByRole('alert').textContent()).toContain('not valid');
      expect(new URL(page.url()).pathname).toBe('/login');
      await screenshot(page, 'login-mfa-wrong-code-1440');

      // …and accepts a current one. A code is single-use, so wait for the step after the enrolment code.
      await expect.poll(() => totp(secret), { timeout: 40_000, interval: 1_000 }).not.toBe(enableCode);
      await codeForm.getByLabel('Authentication code').fill(await totp(secret));
      await codeForm.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
      await security.getByText('Two-factor authentication is on').waitFor();

      // A reload resumes the session from the stored refresh token (rotated on the way).
      const before = await page.evaluate<string | null>(`localStorage.getItem('${REFRESH_TOKEN_KEY}')`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');
      const after = await page.evaluate<string | null>(`localStorage.getItem('${REFRESH_TOKEN_KEY}')`);
      expect(after).toBeTruthy();
      expect(after).not.toBe(before);

      // A backup code works instead of the app's code, and another one turns MFA off.
      await header.getByRole('button', { name: 'Account menu for Ada Lovelace' }).click();
      await page.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/login');
      await logInWithPassword(page, email, password);
      await codeForm.getByLabel('Authentication code').fill(backupCodes[0] as string);
      await codeForm.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      const turnOff = security.getByRole('form', { name: 'Turn off two-factor authentication' });
      await turnOff.getByLabel('Turn off two-factor authentication').fill(backupCodes[1] as string);
      await turnOff.getByRole('button', { name: 'Turn off' }).click();
      await security.getByText('Two-factor authentication is off.').waitFor();
    } finally {
      await session.close();
    }
    // The only failures are the ones this test provoked: the unconfirmed login (403), the wrong
    // enrolment code (422), the login without and with a wrong code (401 twice), and the login
    // without a code before the backup code (401).
    expect(session.failedRequests.map((f) => f.replace(server.baseUrl, ''))).toEqual([
      'POST /api/v2/auth/login: 403',
      'POST /api/v2/auth/mfa/totp/enable: 422',
      'POST /api/v2/auth/login: 401',
      'POST /api/v2/auth/login: 401',
      'POST /api/v2/auth/login: 401',
    ]);
    for (const error of session.consoleErrors) expect(error).toMatch(/status of (401|403|422)/);
  });

  it('shows the expired-link page with a resend form for an unknown token', async () => {
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    try {
      await page.goto('/verify-email?token=not-a-real-token');
      await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Confirming' }).waitFor();
      const title = await page.getByRole('heading', { level: 1 }).textContent();
      expect(['This link has expired', 'Could not confirm your e-mail']).toContain(title);
      const resend = page.getByRole('form', { name: 'Resend the confirmation e-mail' });
      await resend.getByLabel('E-mail').fill('nobody@example.com');
      await resend.getByRole('button', { name: 'Resend confirmation e-mail' }).click();
      await page.getByText('Link sent').waitFor();
    } finally {
      await session.close();
    }
  });

  it('sends a signed-out visitor of /account to the login page and back after logging in', async () => {
    const email = 'grace@example.com';
    const password = 'compiler cobol 1959';
    await createConfirmedAccount(server, email, password, 'Grace Hopper');

    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    try {
      await page.goto('/account?tab=keys');
      await page.waitForURL((url) => url.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/account?tab=keys');
      await logInWithPassword(page, email, password);
      await page.waitForURL((url) => url.pathname === '/account' && url.search === '?tab=keys');

      // API keys: create (shown once), listed with its name, revoked after a confirmation.
      const keys = page.getByRole('region', { name: 'API keys' });
      await keys.getByText('You have no API keys yet.').waitFor();
      await keys.getByLabel('New key name').fill('laptop CLI');
      await keys.getByRole('button', { name: 'Create key' }).click();
      const created = (await keys.getByTestId('created-api-key').textContent()) ?? '';
      expect(created).toMatch(/^gpb_/);
      const table = keys.getByRole('table', { name: 'Your API keys' });
      await table.getByRole('cell', { name: 'laptop CLI', exact: true }).waitFor();
      expect(await table.textContent()).toContain('Never');
      // The key works as a bearer credential.
      const me = await fetch(`${server.baseUrl}/api/v2/me`, {
        headers: { authorization: `Bearer ${created}` },
      });
      expect(((await me.json()) as { email: string }).email).toBe(email);

      await table.getByRole('button', { name: 'Revoke laptop CLI' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke API key?' });
      await dialog.getByRole('button', { name: 'Revoke key' }).click();
      await keys.getByText('You have no API keys yet.').waitFor();
      const revoked = await fetch(`${server.baseUrl}/api/v2/me`, {
        headers: { authorization: `Bearer ${created}` },
      });
      expect(revoked.status).toBe(401);

      // Profile: the new name shows in the header menu.
      const profile = page.getByRole('region', { name: 'Profile' });
      await profile.getByLabel('Name').fill('Rear Admiral Grace Hopper');
      await profile.getByRole('button', { name: 'Save name' }).click();
      await profile.getByText('Name saved.').waitFor();
      await page.getByRole('button', { name: 'Account menu for Rear Admiral Grace Hopper' }).waitFor();
    } finally {
      await session.close();
    }
    expect(session.failedRequests, 'failed requests').toEqual([]);
    expect(session.consoleErrors, 'console errors').toEqual([]);
  });

  it('refreshes once and retries on a 401, keeps two tabs signed in, and logs both out together', async () => {
    const email = 'alan@example.com';
    const password = 'universal machine 1936';
    await createConfirmedAccount(server, email, password, 'Alan Turing');
    const first = await openPage(browser, { baseUrl: server.baseUrl });
    const { page, context } = first;
    const refreshes: string[] = [];
    context.on('request', (r) => {
      if (r.url().endsWith('/api/v2/auth/refresh')) refreshes.push(r.url());
    });
    try {
      await page.goto('/login?next=/account');
      await logInWithPassword(page, email, password);
      await page.getByRole('region', { name: 'API keys' }).getByText('You have no API keys yet.').waitFor();
      expect(refreshes).toHaveLength(0);

      // The server rejects the access token once (as after a key rotation): one refresh, one retry.
      const authorizations: string[] = [];
      let rejected = false;
      await page.route('**/api/v2/api-keys', async (route) => {
        authorizations.push(route.request().headers().authorization ?? '');
        if (rejected) return route.continue();
        rejected = true;
        await route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Unauthorized',
            status: 401,
            code: 'unauthorized',
          }),
        });
      });
      await page.reload();
      const keys = page.getByRole('region', { name: 'API keys' });
      await keys.getByText('You have no API keys yet.').waitFor();
      expect(authorizations).toHaveLength(2);
      expect(authorizations[0]).toMatch(/^Bearer \S+$/);
      expect(authorizations[1]).toMatch(/^Bearer \S+$/);
      // One on load (the access token lives in memory only), one for the 401. (The two access
      // tokens may be byte-identical: same claims issued within the same second.)
      expect(refreshes).toHaveLength(2);
      await page.unroute('**/api/v2/api-keys');

      // A second tab (same browser profile) shares the refresh token. Both resume at the same moment: without the
      // cross-tab lock both would spend the same token and the server would end the session.
      const other = await context.newPage();
      // Holding each refresh on the wire for a moment makes the two overlap for certain.
      await context.route('**/api/v2/auth/refresh', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await route.continue();
      });
      await Promise.all([page.reload(), other.goto('/account')]);
      for (const tab of [page, other]) {
        await tab.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
        expect(new URL(tab.url()).pathname).toBe('/account');
      }
      await context.unroute('**/api/v2/auth/refresh');

      // Logging out in one tab logs the other out too.
      await other.getByRole('button', { name: 'Account menu for Alan Turing' }).click();
      await other.getByRole('menuitem', { name: 'Log out' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    } finally {
      await first.close();
    }
  });
});
