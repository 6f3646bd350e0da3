import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where `screenshot()` writes: `test-results/screenshots/<name>.png` (git-ignored). */
export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screenshots');

/** The system Chromium (Debian package); Playwright's own browser downloads are never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Viewport {
  width: number;
  height: number;
}

export const PHONE: Viewport = { width: 375, height: 812 };
export const TABLET: Viewport = { width: 768, height: 1024 };
export const DESKTOP: Viewport = { width: 1440, height: 900 };

export interface PageSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations, in order. */
  consoleErrors: string[];
  /** Requests that failed at the network level or were answered with status ≥ 400. */
  failedRequests: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context (own storage, cookies, colour-scheme preference) with one page that
 * records everything that went wrong, so each test can assert the app ran cleanly.
 */
export async function openPage(
  browser: Browser,
  opts: { baseUrl: string; viewport?: Viewport; colorScheme?: 'light' | 'dark' },
): Promise<PageSession> {
  const context = await browser.newContext({
    baseURL: opts.baseUrl,
    viewport: opts.viewport ?? DESKTOP,
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    consoleErrors.push(where ? `${message.text()} (${where})` : message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // The page itself cancelled it (navigated away, or a query was dropped on unmount): not a failure.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      failedRequests.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
    }
  });
  return {
    context,
    page,
    consoleErrors,
    failedRequests,
    close: () => context.close(),
  };
}

/** Full-page screenshot to `test-results/screenshots/<name>.png`; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

// Code run inside the page is passed as strings: the Node test program is compiled without the DOM
// library, and adding it would blur which globals exist where.

/** How far the page is wider than the viewport (0 when nothing overflows horizontally). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** The colour scheme Mantine applied to the document (`light` / `dark`), null before it ran. */
export function appliedColorScheme(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('data-mantine-color-scheme');
}

/** Relative luminance (0 black … 1 white) of the page background, to tell light from dark. */
export async function backgroundLuminance(page: Page): Promise<number> {
  const color = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
