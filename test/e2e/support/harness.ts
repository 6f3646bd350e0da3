import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { type E2eServer, startServer } from './server.js';

export interface E2eHarness {
  readonly server: E2eServer;
  readonly browser: Browser;
}

/**
 * One real server and one Chromium for the calling test file, started in `beforeAll` and closed
 * in `afterAll`. Read the fields inside tests (they are set once `beforeAll` has run).
 */
export function setupE2eHarness(): E2eHarness {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the e2e server is not started yet (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet (use it inside a test)');
      return browser;
    },
  };
}
