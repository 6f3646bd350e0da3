import { describe, expect, it } from 'vitest';
import {
  appliedColorScheme,
  backgroundLuminance,
  openPage,
  type PageSession,
  PHONE,
} from './support/browser.js';
import { setupE2eHarness } from './support/harness.js';

// The web shell in a real Chromium against the real server: routing (client-side and deep links),
// navigation, colour scheme, the phone drawer, and a clean console (the CSP reports violations
// there, so "no console errors" also means "nothing the CSP blocked").

const e2e = setupE2eHarness();

async function withPage(
  opts: Partial<Parameters<typeof openPage>[1]>,
  run: (session: PageSession) => Promise<void>,
): Promise<PageSession> {
  const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl, ...opts });
  try {
    await run(session);
  } finally {
    await session.close();
  }
  return session;
}

function expectClean(session: PageSession) {
  expect(session.consoleErrors, 'console errors').toEqual([]);
  expect(session.failedRequests, 'failed requests').toEqual([]);
}

describe('web shell', () => {
  it('serves the landing page with the hero, the main navigation and calls to action', async () => {
    const session = await withPage({}, async ({ page }) => {
      const response = await page.goto('/');
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Every GPU cloud. One console. One bill.');
      expect(await page.title()).toContain('GPUBROKER');

      const nav = page.getByRole('navigation', { name: 'Main', exact: true });
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        'Home',
        'Browse',
        'Dashboard',
        'Plans',
        'Status',
      ]);
      expect(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe('page');
      expect(await nav.getByRole('link', { name: 'Status' }).getAttribute('aria-current')).toBeNull();

      for (const title of [
        'Find offers across 20+ clouds',
        'Deploy in one call',
        'Connect over SSH or Jupyter',
        'One monthly bill',
      ]) {
        expect(await page.getByRole('heading', { level: 3, name: title }).isVisible()).toBe(true);
      }
      const main = page.getByRole('main');
      expect(await main.getByRole('link', { name: 'Browse GPU offers' }).getAttribute('href')).toBe(
        '/browse',
      );
      expect(await main.getByRole('link', { name: 'Compare plans' }).getAttribute('href')).toBe('/plans');
    });
    expectClean(session);
  });

  it('navigates to Status inside the app (no reload) and shows the database up', async () => {
    const session = await withPage({}, async ({ page }) => {
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      // A marker on window survives client-side navigation and dies with a full page load.
      await page.evaluate("window.__spaMarker = 'still here'");

      await page
        .getByRole('navigation', { name: 'Main', exact: true })
        .getByRole('link', { name: 'Status' })
        .click();
      await page.waitForURL('**/status');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Platform status');
      expect(await page.evaluate('window.__spaMarker')).toBe('still here');

      const database = page.getByRole('region', { name: 'database' });
      await expect.poll(() => database.getAttribute('data-status')).toBe('up');
      expect(await database.textContent()).toMatch(/Latency \d+(\.\d+)? ms/);
      expect(await page.getByRole('region', { name: 'API' }).getAttribute('data-status')).toBe('up');
      expect(await page.getByText('All systems operational').isVisible()).toBe(true);
      expect(await page.title()).toBe('Platform status · GPUBROKER');
    });
    expectClean(session);
  });

  it('loads a deep link to /status directly (server falls back to index.html)', async () => {
    const session = await withPage({}, async ({ page }) => {
      const response = await page.goto('/status');
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toContain('text/html');
      await expect
        .poll(() => page.getByRole('region', { name: 'database' }).getAttribute('data-status'))
        .toBe('up');
      const nav = page.getByRole('navigation', { name: 'Main', exact: true });
      expect(await nav.getByRole('link', { name: 'Status' }).getAttribute('aria-current')).toBe('page');
    });
    expectClean(session);
  });

  it('shows the NotFound page for an unknown path', async () => {
    const session = await withPage({}, async ({ page }) => {
      await page.goto('/no-such-page');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
      expect(await page.getByRole('main').textContent()).toContain('/no-such-page');
      await page.getByRole('link', { name: 'Back to home' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toContain('Every GPU cloud');
    });
    expectClean(session);
  });

  it('leads each call to action to its page (Browse and Plans are live)', async () => {
    const session = await withPage({}, async ({ page }) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Browse GPU offers' }).click();
      await page.waitForURL('**/browse');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Browse GPU offers');
      expect(await page.getByText('Coming soon').count()).toBe(0);
      // Leaving before the offers arrive would abort their request (and count it as failed).
      await page.getByRole('table', { name: 'GPU offers' }).locator('tbody tr').first().waitFor();

      await page.goto('/plans');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Plans');
      const cards = page.locator('article[data-plan]');
      await cards.first().waitFor();
      expect(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-plan')))).toEqual([
        'free',
        'pro',
        'enterprise',
      ]);
      expect(await cards.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
        'Free',
        'Pro',
        'Enterprise',
      ]);
      // Signed out, choosing a plan leads to sign-up with the plan carried along.
      expect(await page.getByRole('link', { name: 'Choose Pro' }).getAttribute('href')).toBe(
        '/register?plan=pro',
      );
      expect(await page.getByText('Coming soon').count()).toBe(0);
    });
    expectClean(session);
  });

  it('switches to dark mode and keeps it after a reload', async () => {
    const session = await withPage({ colorScheme: 'light' }, async ({ page }) => {
      const scheme = () => appliedColorScheme(page);
      const bodyLuminance = () => backgroundLuminance(page);
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await scheme()).toBe('light');
      expect(await bodyLuminance()).toBeGreaterThan(0.9);

      await page.getByRole('button', { name: 'Switch to dark mode' }).click();
      await expect.poll(scheme).toBe('dark');
      expect(await bodyLuminance()).toBeLessThan(0.2);
      expect(await page.getByRole('button', { name: 'Switch to light mode' }).isVisible()).toBe(true);

      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await scheme()).toBe('dark');
      expect(await page.getByRole('button', { name: 'Switch to light mode' }).isVisible()).toBe(true);

      await page.getByRole('button', { name: 'Switch to light mode' }).click();
      await expect.poll(scheme).toBe('light');
    });
    expectClean(session);
  });

  it('opens the navigation from the burger at 375 px and closes it after navigating', async () => {
    const session = await withPage({ viewport: PHONE }, async ({ page }) => {
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main', exact: true }).isVisible()).toBe(false);
      const mobileNav = page.getByRole('navigation', { name: 'Main (mobile)' });
      const drawer = () =>
        mobileNav.evaluate((el) => ({
          inert: (el as { inert?: boolean }).inert,
          right: el.getBoundingClientRect().right,
        }));
      // Closed: off-screen and inert, so its links are out of the tab order and the accessibility tree.
      expect((await drawer()).inert).toBe(true);
      expect((await drawer()).right).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: 'Open navigation' }).click();
      await expect.poll(async () => (await drawer()).inert).toBe(false);
      const link = mobileNav.getByRole('link', { name: 'Status' });
      await expect
        .poll(() => link.evaluate((el) => el.getBoundingClientRect().left))
        .toBeGreaterThanOrEqual(0);
      expect(await page.getByRole('button', { name: 'Close navigation' }).getAttribute('aria-expanded')).toBe(
        'true',
      );
      await link.click();

      await page.waitForURL('**/status');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Platform status');
      await page.getByRole('button', { name: 'Open navigation' }).waitFor();
      await expect.poll(async () => (await drawer()).inert).toBe(true);
    });
    expectClean(session);
  });

  it('has a console collector that does catch CSP violations', async () => {
    // Guards the "no console errors" assertions above: were the collector deaf, they would pass anyway.
    const session = await withPage({}, async ({ page, consoleErrors }) => {
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.evaluate(
        "const script = document.createElement('script'); script.textContent = 'window.__inlineRan = true'; document.head.append(script);",
      );
      await expect.poll(() => consoleErrors.join('\n')).toContain('Content Security Policy');
      expect(await page.evaluate('window.__inlineRan')).toBeUndefined();
    });
    expect(session.consoleErrors.length).toBeGreaterThan(0);
  });
});
