import { describe, expect, it } from 'vitest';
import { openPage } from './support/browser.js';
import { setupE2eHarness } from './support/harness.js';
import { startServer } from './support/server.js';

// The status page's three verdicts against the real server: operational, not ready (a real
// 503 from /readyz while the instance drains), and unreachable (the browser's requests to the
// API fail at the network level).

const e2e = setupE2eHarness();

const PROBE = /\/(healthz|readyz)$/;

describe('status page', () => {
  it('says the API is unreachable when its requests fail, and recovers on "Retry now"', async () => {
    const session = await openPage(e2e.browser, { baseUrl: e2e.server.baseUrl });
    const { page } = session;
    try {
      await page.route(PROBE, (route) => route.abort('connectionrefused'));
      await page.goto('/status');
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('API unreachable');
      expect(await alert.textContent()).toContain(e2e.server.baseUrl);
      expect(await page.getByRole('region', { name: 'API' }).getAttribute('data-status')).toBe('down');
      expect(await page.getByRole('region', { name: 'database' }).count()).toBe(0);

      await page.unroute(PROBE);
      await page.getByRole('button', { name: 'Retry now' }).click();
      await expect.poll(() => page.getByText('All systems operational').isVisible()).toBe(true);
      expect(await page.getByRole('region', { name: 'database' }).getAttribute('data-status')).toBe('up');
      expect(await page.getByRole('alert').count()).toBe(0);
    } finally {
      await session.close();
    }
    // The only failures are the probes this test cut off.
    expect(session.failedRequests.length).toBeGreaterThan(0);
    for (const failure of session.failedRequests)
      expect(failure).toMatch(/\/(healthz|readyz): net::ERR_CONNECTION_REFUSED$/);
    for (const error of session.consoleErrors)
      expect(error).toMatch(/ERR_CONNECTION_REFUSED.*\/(healthz|readyz)\)$/);
  });

  it('shows "Not ready" with each check when /readyz answers 503 while the instance drains', async () => {
    const draining = await startServer();
    const session = await openPage(e2e.browser, { baseUrl: draining.baseUrl });
    const { page } = session;
    try {
      draining.application.platform.health.startDraining();
      await page.goto('/status');
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('Not ready');
      expect(await alert.textContent()).toContain('The instance is shutting down.');
      // Draining is not an outage: the API still answers and the database is still up.
      expect(await page.getByRole('region', { name: 'API' }).getAttribute('data-status')).toBe('up');
      expect(await page.getByRole('region', { name: 'database' }).getAttribute('data-status')).toBe('up');
      expect(await page.getByText('All systems operational').count()).toBe(0);
    } finally {
      await session.close();
      await draining.close();
    }
    expect(session.failedRequests.length).toBeGreaterThan(0);
    for (const failure of session.failedRequests) expect(failure).toMatch(/^GET \S+\/readyz: 503$/);
    for (const error of session.consoleErrors) expect(error).toMatch(/status of 503.*\/readyz\)$/);
  });
});
