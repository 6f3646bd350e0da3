import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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

// Responsive layout at phone, tablet and desktop widths, in both colour schemes: nothing may
// overflow sideways, the header keeps its brand and controls, and every page renders cleanly.
// Screenshots land in test-results/screenshots/<page>-<width>[-dark].png for a human to review.

const e2e = setupE2eHarness();

interface PageUnderTest {
  name: string;
  path: string;
  /** Resolves once the page shows its real content (not a loading state). */
  ready(page: Page): Promise<void>;
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
    name: 'not-found',
    path: '/no-such-page',
    ready: (page) => page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor(),
  },
];

const VIEWPORTS: Viewport[] = [PHONE, TABLET, DESKTOP];

describe.each(['light', 'dark'] as const)('%s scheme', (colorScheme) => {
  describe.each(VIEWPORTS)('at $width × $height', (viewport) => {
    it.each(PAGES)('renders $name without overflow or console errors', async ({ name, path, ready }) => {
      const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl, viewport, colorScheme });
      const { page } = session;
      try {
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
