import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { logInWithPassword, REFRESH_TOKEN_KEY } from './support/identity.js';
import { type E2eServer, startServer } from './support/server.js';

// Who may use the administration pages, and what stops a POD from going LIVE besides parameters:
// on this server mail is only captured (the default transport), which LIVE refuses.
const POD_ID = 'local';
const ADMIN = { email: 'config-admin@example.com', password: 'config admin passphrase' };

let server: E2eServer;
let browser: Browser;
let plainUser: { access_token: string; refresh_token: string };
beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password } }),
    launchBrowser(),
  ]);
  plainUser = await plainUserTokens('grace@example.com');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A plain (role `user`) account, logged in through the API while the POD is SANDBOX (auto-confirmed sign-up). */
async function plainUserTokens(email: string) {
  const password = 'plain user passphrase';
  const post = (path: string, body: unknown) =>
    fetch(`${server.baseUrl}/api/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('/auth/register', { email, password, name: 'Grace Hopper' })).status).toBe(201);
  const login = await post('/auth/login', { email, password });
  expect(login.status).toBe(200);
  return (await login.json()) as { access_token: string; refresh_token: string };
}

describe('administration access', () => {
  it('shows a plain user the 403 page and no Administration entry; the API refuses them too', async () => {
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    await page.addInitScript(
      `localStorage.setItem('${REFRESH_TOKEN_KEY}', ${JSON.stringify(plainUser.refresh_token)})`,
    );
    try {
      await page.goto(`/admin/config/${POD_ID}`);
      await page.getByRole('heading', { level: 1, name: 'Administrators only' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('Error 403');
      await screenshot(page, 'admin-config-forbidden-1440');
      await page.getByRole('banner').getByRole('button', { name: 'Account menu for Grace Hopper' }).click();
      await page.getByRole('menuitem', { name: 'Account' }).waitFor();
      expect(await page.getByRole('menuitem', { name: 'Administration' }).count()).toBe(0);
    } finally {
      await session.close();
    }
    expect(session.failedRequests, 'failed requests').toEqual([]);
    expect(session.consoleErrors, 'console errors').toEqual([]);
    const direct = await fetch(`${server.baseUrl}/api/v2/config/pods`, {
      headers: { authorization: `Bearer ${plainUser.access_token}` },
    });
    expect(direct.status).toBe(403);
  });
});

describe('switching to LIVE on a server whose mail is only captured', () => {
  it('lists the environment setting that blocks LIVE next to the missing parameters', async () => {
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    try {
      await page.goto('/login?next=/admin/config/local');
      await logInWithPassword(page, ADMIN.email, ADMIN.password);
      await page.getByRole('button', { name: 'Switch to LIVE' }).click();
      const dialog = page.getByRole('dialog', { name: 'Switch local to LIVE?' });
      await dialog.getByLabel('Type local to confirm').fill('local');
      await dialog.getByRole('button', { name: 'Switch to LIVE' }).click();
      const blockers = dialog.getByRole('list', { name: 'LIVE blockers' });
      await blockers.waitFor();
      expect(await blockers.textContent()).toContain('MAIL_TRANSPORT');
      expect(await dialog.getByRole('list', { name: 'Missing LIVE parameters' }).textContent()).toContain(
        'stripe.secret_key',
      );
      await screenshot(page, 'admin-config-switch-blocked-1440');
    } finally {
      await session.close();
    }
    expect(session.failedRequests.map((f) => f.replace(server.baseUrl, ''))).toEqual([
      'POST /api/v2/config/pods/local/switch-mode: 422',
    ]);
  });
});
