import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedColorScheme,
  DESKTOP,
  horizontalOverflow,
  openPage,
  PHONE,
  screenshot,
  TABLET,
  type Viewport,
} from './support/browser.js';
import { setupE2eHarness } from './support/harness.js';
import { type E2eServer, startServer } from './support/server.js';

// Responsive layout at phone, tablet and desktop widths (the dark scheme at desktop width): nothing may
// overflow sideways, the header keeps its brand and controls, and every page renders cleanly.
// Screenshots land in test-results/screenshots/<page>-<width>[-dark].png for a human to review.

const e2e = setupE2eHarness();

interface PageUnderTest {
  name: string;
  path: string;
  /** Resolves once the page shows its real content (not a loading state). */
  ready(page: Page): Promise<void>;
}

/** Pages opened signed in (a fresh SANDBOX account) rather than signed out. */
const SIGNED_IN = new Set(['account', 'billing']);
let accounts = 0;

/** Signs `page` in before it loads: a new auto-confirmed account, its refresh token where the app keeps it. */
async function signIn(page: Page, baseUrl: string) {
  const email = `screenshots-${++accounts}@example.com`;
  const password = 'screenshot passphrase 1';
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}/api/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('/auth/register', { email, password, name: 'Ada Lovelace' })).status).toBe(201);
  const login = await post('/auth/login', { email, password });
  const { refresh_token } = (await login.json()) as { refresh_token: string };
  await page.addInitScript(
    `localStorage.setItem('gpubroker.refresh_token', ${JSON.stringify(refresh_token)})`,
  );
}

const PAGES: PageUnderTest[] = [
  {
    name: 'home',
    path: '/',
    ready: (page) => page.getByRole('heading', { name: 'One broker for every GPU you need' }).waitFor(),
  },
  {
    name: 'status',
    path: '/status',
    ready: async (page) => {
      await page.getByText('All systems operational').waitFor();
      await page.getByRole('region', { name: 'database' }).waitFor();
    },
  },
  {
    name: 'browse',
    path: '/browse',
    ready: (page) => page.getByRole('heading', { level: 1, name: 'Browse GPU offers' }).waitFor(),
  },
  {
    name: 'login',
    path: '/login',
    ready: (page) => page.getByRole('form', { name: 'Log in' }).waitFor(),
  },
  {
    name: 'register',
    path: '/register?plan=pro',
    ready: (page) => page.getByRole('form', { name: 'Create an account' }).waitFor(),
  },
  {
    name: 'verify-email',
    path: '/verify-email',
    ready: (page) => page.getByRole('form', { name: 'Resend the confirmation e-mail' }).waitFor(),
  },
  {
    name: 'account',
    path: '/account',
    ready: async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
      await page.getByRole('region', { name: 'API keys' }).getByText('You have no API keys yet.').waitFor();
    },
  },
  {
    name: 'plans',
    path: '/plans',
    ready: (page) => page.locator('article[data-plan="enterprise"]').waitFor(),
  },
  {
    name: 'billing',
    path: '/billing',
    ready: async (page) => {
      await page.getByTestId('billing-plan').waitFor();
      await page
        .getByRole('region', { name: 'Invoices' })
        .getByText('No invoices yet.', { exact: false })
        .waitFor();
      await page
        .getByRole('region', { name: 'Usage this month' })
        .getByText('No metered usage', { exact: false })
        .waitFor();
      await page
        .getByRole('region', { name: 'Payment methods' })
        .getByText('No card on file.', { exact: false })
        .waitFor();
    },
  },
  {
    name: 'not-found',
    path: '/no-such-page',
    ready: (page) => page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor(),
  },
];

const VIEWPORTS: Viewport[] = [PHONE, TABLET, DESKTOP];
/**
 * Layout is the same in both schemes (only colours differ): the light scheme is checked at every
 * width, the dark one at the desktop width, which keeps the browser suite's time in check.
 */
const viewportsOf = (scheme: 'light' | 'dark'): Viewport[] => (scheme === 'light' ? VIEWPORTS : [DESKTOP]);

describe.each(['light', 'dark'] as const)('%s scheme', (colorScheme) => {
  describe.each(viewportsOf(colorScheme))('at $width × $height', (viewport) => {
    it.each(PAGES)('renders $name without overflow or console errors', async ({ name, path, ready }) => {
      const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl, viewport, colorScheme });
      const { page } = session;
      try {
        if (SIGNED_IN.has(name)) await signIn(page, e2e.server.baseUrl);
        await page.goto(path);
        await ready(page);
        expect(await appliedColorScheme(page)).toBe(colorScheme);
        expect(await horizontalOverflow(page)).toBe(0);

        const header = page.getByRole('banner');
        expect(await header.boundingBox()).toMatchObject({ y: 0, height: 60 });
        expect(await header.getByRole('link', { name: 'GPUBROKER home' }).isVisible()).toBe(true);
        expect(await header.getByRole('button', { name: /^Switch to (dark|light) mode$/ }).isVisible()).toBe(
          true,
        );
        const phone = viewport.width < 768;
        expect(await header.getByRole('button', { name: 'Open navigation' }).isVisible()).toBe(phone);
        expect(await page.getByRole('navigation', { name: 'Main', exact: true }).isVisible()).toBe(!phone);

        const suffix = colorScheme === 'dark' ? '-dark' : '';
        await screenshot(page, `${name}-${viewport.width}${suffix}`);
      } finally {
        await session.close();
      }
      expect(session.consoleErrors, 'console errors').toEqual([]);
      expect(session.failedRequests, 'failed requests').toEqual([]);
    });
  });
});

// Administration pages (pod_admin only): a server of their own, started with a bootstrap admin.
describe('administration pages', () => {
  const ADMIN = { email: 'screenshots-admin@example.com', password: 'screenshot admin passphrase' };
  let adminServer: E2eServer;
  beforeAll(async () => {
    adminServer = await startServer({
      env: { GPUBROKER_ADMIN_EMAIL: ADMIN.email, GPUBROKER_ADMIN_PASSWORD: ADMIN.password },
    });
  });
  afterAll(async () => {
    await adminServer?.close();
  });

  const podId = 'local';
  const ADMIN_PAGES: PageUnderTest[] = [
    {
      name: 'admin-config',
      path: '/admin/config',
      ready: (page) => page.getByRole('table', { name: 'PODs' }).getByRole('link', { name: podId }).waitFor(),
    },
    {
      name: 'admin-config-parameters',
      path: `/admin/config/${podId}`,
      ready: (page) =>
        page.getByRole('table', { name: 'Parameters' }).locator('tr[data-key]').first().waitFor(),
    },
    {
      name: 'admin-config-audit',
      path: `/admin/config/${podId}?tab=audit`,
      ready: (page) =>
        page
          .getByRole('table', { name: 'Audit history' })
          .or(page.getByText('No changes recorded'))
          .waitFor(),
    },
    {
      name: 'admin-config-import-export',
      path: `/admin/config/${podId}?tab=import-export`,
      ready: (page) => page.getByRole('button', { name: 'Preview changes' }).waitFor(),
    },
    {
      name: 'admin-notifications',
      path: '/admin/notifications',
      ready: (page) => page.getByRole('button', { name: 'Send to everyone' }).waitFor(),
    },
  ];

  describe.each(['light', 'dark'] as const)('%s scheme', (colorScheme) => {
    describe.each(viewportsOf(colorScheme))('at $width × $height', (viewport) => {
      it.each(ADMIN_PAGES)(
        'renders $name without overflow or console errors',
        async ({ name, path, ready }) => {
          const session = await openPage(e2e.browser, {
            baseUrl: adminServer.baseUrl,
            viewport,
            colorScheme,
          });
          const { page } = session;
          try {
            const login = await fetch(`${adminServer.baseUrl}/api/v2/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(ADMIN),
            });
            const { refresh_token } = (await login.json()) as { refresh_token: string };
            await page.addInitScript(
              `localStorage.setItem('gpubroker.refresh_token', ${JSON.stringify(refresh_token)})`,
            );
            await page.goto(path);
            await ready(page);
            expect(await appliedColorScheme(page)).toBe(colorScheme);
            expect(await horizontalOverflow(page)).toBe(0);
            const suffix = colorScheme === 'dark' ? '-dark' : '';
            await screenshot(page, `${name}-${viewport.width}${suffix}`);
          } finally {
            await session.close();
          }
          expect(session.consoleErrors, 'console errors').toEqual([]);
          expect(session.failedRequests, 'failed requests').toEqual([]);
        },
      );
    });
  });
});
