import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { logInWithPassword } from './support/identity.js';
import { callApi, type E2eServer, startPodsServer } from './support/server.js';

// Real time in Chromium against the real server in SANDBOX: the dashboard follows a pod's status
// over `/api/v2/ws` without a reload (the page keeps a marker the whole time, and the pod event is
// seen arriving on the socket), and an operator's notification shows as a banner, dismissible.

const POD_ID = 'e2e-realtime';
const ADMIN = { email: 'realtime-admin@example.com', password: 'realtime admin passphrase' };
const USER = { email: 'ada@example.com', password: 'analytical engine 1843', name: 'Ada Lovelace' };
const POD_NAME = 'e2e-live-1';

let server: E2eServer;
let browser: Browser;
let adminToken: string;

interface ApiOffer {
  id: string;
  provider: string;
  gpu_model: string;
  gpu_count: number;
  region: string;
  spot: boolean;
  price_per_hour: number;
  price_per_hour_with_markup: number;
  availability: string;
}
interface ApiPod {
  id: string;
  status: string;
}

const api = <T>(method: string, path: string, token?: string, body?: unknown) =>
  callApi<T>(server, method, path, token, body);

const login = async (email: string, password: string) =>
  (await api<{ access_token: string }>('POST', '/auth/login', undefined, { email, password })).access_token;

function sshKeyLine(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} ada@laptop`;
}

/** Polls the API until the pod has `status`. */
async function waitForStatus(podId: string, token: string, status: string) {
  await expect
    .poll(async () => (await api<ApiPod>('GET', `/pods/${podId}`, token)).status, { timeout: 30_000 })
    .toBe(status);
}

/** A running pod of `token`'s user: deployed from a draft, then activated by the e-mailed link. */
async function runningPod(token: string): Promise<string> {
  const [offer] = (await api<{ items: ApiOffer[] }>('GET', '/offers?available=true&sort=price&limit=1'))
    .items;
  if (!offer) throw new Error('no available offer');
  const draft = await api<{ id: string }>('POST', '/pods/drafts', token, {
    name: POD_NAME,
    offer_id: offer.id,
    ssh_public_key: sshKeyLine(),
  });
  const response = await fetch(`${server.baseUrl}/api/v2/pods/drafts/${draft.id}/deploy`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
  });
  expect(response.status).toBe(202);
  const { pod } = (await response.json()) as { pod: ApiPod };
  await waitForStatus(pod.id, token, 'ready');
  let activation: string | undefined;
  await expect
    .poll(async () => {
      const mail = await api<{ items: { subject: string; text: string }[] }>(
        'GET',
        `/dev/mailbox?to=${encodeURIComponent(USER.email)}`,
        adminToken,
      );
      const message = mail.items.find((m) => m.subject === `Your pod ${POD_NAME} is ready to activate`);
      activation = /\/pods\/activate\?token=([A-Za-z0-9_%-]+)/.exec(message?.text ?? '')?.[1];
      return activation;
    })
    .toBeDefined();
  await api('POST', '/pods/activate', undefined, { token: decodeURIComponent(activation as string) });
  await waitForStatus(pod.id, token, 'running');
  return pod.id;
}

/** Every text frame the page receives over WebSocket, parsed. */
function recordFrames(page: Page): Array<Record<string, unknown>> {
  const frames: Array<Record<string, unknown>> = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') frames.push(JSON.parse(payload) as Record<string, unknown>);
    });
  });
  return frames;
}

/** Same format as web/src/features/catalog/catalog-format.ts. */
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const perHour = (price: number) => `${usd.format(price)}/h`;

const statusIn = (page: Page, podId: string) =>
  page.locator(`[data-pod-id="${podId}"] [data-testid="pod-status"]`).first().getAttribute('data-status');
const marker = (page: Page) => page.evaluate<string | null>('window.__realtimeMarker ?? null');

beforeAll(async () => {
  let started: Awaited<ReturnType<typeof startPodsServer>>;
  [started, browser] = await Promise.all([startPodsServer({ podId: POD_ID, admin: ADMIN }), launchBrowser()]);
  ({ server, adminToken } = started);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('real time', () => {
  it('shows a pod status change and an operator notification on the open dashboard, without a reload', {
    timeout: 180_000,
  }, async () => {
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    const frames = recordFrames(page);
    try {
      // Sign up (SANDBOX confirms at once) and log in.
      await page.goto('/register');
      const signUp = page.getByRole('form', { name: 'Create an account' });
      await signUp.getByLabel('Name').fill(USER.name);
      await signUp.getByLabel('E-mail').fill(USER.email);
      await signUp.getByRole('textbox', { name: 'Password', exact: true }).fill(USER.password);
      await signUp.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      await logInWithPassword(page, USER.email, USER.password);
      await page.waitForURL((url) => url.pathname === '/account');
      const token = await login(USER.email, USER.password);
      const podId = await runningPod(token);

      // The dashboard, live: the pod is running; a marker on the window tells a reload apart.
      await page
        .getByRole('navigation', { name: 'Main', exact: true })
        .getByRole('link', { name: 'Dashboard' })
        .click();
      await page.waitForURL((url) => url.pathname === '/dashboard');
      await expect.poll(() => statusIn(page, podId), { timeout: 10_000 }).toBe('running');
      await expect
        .poll(() => page.getByTestId('realtime-status').getAttribute('data-status'), { timeout: 10_000 })
        .toBe('live');
      // Subscribed to the pod's channel before the change is made.
      await expect
        .poll(() => frames.some((f) => f.type === 'subscribed' && f.channel === `pod:${podId}`), {
          timeout: 10_000,
        })
        .toBe(true);
      await page.evaluate("window.__realtimeMarker = 'still here'");
      expect(await page.getByTestId('pods-running').textContent()).toBe('1');

      // Stopped through the API (another client): the dashboard follows.
      await api('POST', `/pods/${podId}/stop`, token);
      await expect.poll(() => statusIn(page, podId), { timeout: 10_000 }).toBe('stopped');
      await expect.poll(() => page.getByTestId('pods-running').textContent(), { timeout: 10_000 }).toBe('0');
      // The dashboard follows the pod from the channel's start (so its earlier changes came too).
      const events = frames.filter((f) => f.type === 'event' && f.channel === `pod:${podId}`);
      expect(events.at(-1)?.data).toMatchObject({
        pod_id: podId,
        status: 'stopped',
        previous_status: 'running',
      });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(await marker(page)).toBe('still here');
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      await screenshot(page, 'realtime-dashboard-stopped-1440');

      // An operator's notification: a warning banner on the page already open.
      const title = 'Scheduled maintenance';
      const message = 'The API is read-only from 02:00 to 02:15 UTC.';
      await api('POST', '/admin/notifications', adminToken, { level: 'warning', title, message });
      const banner = page.getByTestId('system-notification');
      await banner.waitFor({ timeout: 10_000 });
      expect(await banner.getAttribute('data-level')).toBe('warning');
      expect(await banner.textContent()).toContain(title);
      expect(await banner.textContent()).toContain(message);
      expect(await marker(page)).toBe('still here');
      await screenshot(page, 'realtime-notification-1440');

      // Dismissed, it stays dismissed after a reload, while the recent ones are replayed on connect:
      // once a newer one shows, the older one has been replayed before it (in order) and stayed hidden.
      await page.getByRole('button', { name: `Dismiss ${title}` }).click();
      expect(await banner.count()).toBe(0);
      await page.reload();
      await expect.poll(() => statusIn(page, podId), { timeout: 10_000 }).toBe('stopped');
      const later = 'Maintenance is over.';
      // This one an operator sends from the Notifications page, in a browser of their own.
      const admin = await openPage(browser, { baseUrl: server.baseUrl });
      try {
        await admin.page.goto('/login?next=/admin/notifications');
        await logInWithPassword(admin.page, ADMIN.email, ADMIN.password);
        const form = admin.page.getByRole('form', { name: 'Send a notification' });
        await form.waitFor();
        await form.getByRole('radio', { name: 'Info' }).check({ force: true });
        await form.getByLabel('Title').fill('All clear');
        await form.getByLabel('Message').fill(later);
        await form.getByRole('button', { name: 'Send to everyone' }).click();
        await admin.page.getByTestId('notification-sent').waitFor();
        await screenshot(admin.page, 'admin-notifications-1440');
      } finally {
        await admin.close();
      }
      expect(admin.consoleErrors, 'admin console errors').toEqual([]);
      await banner.filter({ hasText: later }).waitFor({ timeout: 10_000 });
      expect(await banner.evaluateAll((els) => els.map((el) => el.getAttribute('data-level')))).toEqual([
        'info',
      ]);
    } finally {
      await session.close();
    }
    expect(session.consoleErrors, 'console errors').toEqual([]);
    expect(session.failedRequests).toEqual([]);
  });

  it('updates an offer’s price and availability on the browse page from its prices channel', {
    timeout: 120_000,
  }, async () => {
    const user = {
      email: 'charles@example.com',
      password: 'difference engine 1822',
      name: 'Charles Babbage',
    };
    await api('POST', '/auth/register', undefined, user);
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
    const frames = recordFrames(page);
    try {
      await page.goto('/login');
      await logInWithPassword(page, user.email, user.password);
      await page.waitForURL((url) => url.pathname === '/account');
      const token = await login(user.email, user.password);

      await page.goto('/browse');
      const row = page.locator('tr[data-offer-id]').first();
      await row.waitFor();
      const offerId = (await row.getAttribute('data-offer-id')) as string;
      const offer = await api<ApiOffer>('GET', `/offers/${offerId}`, token);
      await expect
        .poll(() => page.getByTestId('realtime-status').getAttribute('data-status'), { timeout: 10_000 })
        .toBe('live');
      const channel = `prices:${offer.gpu_model}` as const;
      await expect
        .poll(() => frames.some((f) => f.type === 'subscribed' && f.channel === channel), { timeout: 10_000 })
        .toBe(true);
      await page.evaluate("window.__realtimeMarker = 'still here'");

      // A sync found a new price (published as the catalog does): the row follows, markup kept.
      const price = Math.round(offer.price_per_hour * 1.5 * 1e4) / 1e4 + 0.01;
      const availability = offer.availability === 'limited' ? 'available' : 'limited';
      await server.application.modules.realtime.publisher.publish(channel, {
        offer_id: offer.id,
        provider: offer.provider,
        gpu_model: offer.gpu_model,
        gpu_count: offer.gpu_count,
        region: offer.region,
        spot: offer.spot,
        price_per_hour: price,
        previous_price_per_hour: offer.price_per_hour,
        availability,
        changed_at: new Date().toISOString(),
      });
      const withMarkup =
        Math.round(price * (offer.price_per_hour_with_markup / offer.price_per_hour) * 1e6) / 1e6;
      const updated = page.locator(`tr[data-offer-id="${offer.id}"]`);
      // Highlighted for a moment, in the same render as the new prices.
      await expect.poll(() => updated.getAttribute('data-updated'), { timeout: 10_000 }).toBe('true');
      expect(await updated.textContent()).toContain(`${perHour(price)} provider`);
      expect(await updated.textContent()).toContain(perHour(withMarkup));
      expect(await updated.locator('[data-availability]').getAttribute('data-availability')).toBe(
        availability,
      );
      expect(await marker(page)).toBe('still here');
      await screenshot(page, 'realtime-browse-1440');
    } finally {
      await session.close();
    }
    expect(session.consoleErrors, 'console errors').toEqual([]);
    expect(session.failedRequests).toEqual([]);
  });
});
