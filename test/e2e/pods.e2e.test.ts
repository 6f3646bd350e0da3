import { createHash, generateKeyPairSync } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  horizontalOverflow,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
} from './support/browser.js';
import { logInWithPassword } from './support/identity.js';
import { callApi, type E2eServer, startPodsServer } from './support/server.js';

// A pod's whole journey in Chromium against the real server in SANDBOX: sign up, open an offer,
// Deploy → configure (the estimate follows the storage; the server's 422 lands under the SSH key
// field) → review → deploy → the pod page follows it to ready → the activation link from the
// e-mail shows the SSH command → the pod page shows it running → terminate → the dashboard lists it.

const POD_ID = 'e2e-pods';
const ADMIN = { email: 'pods-admin@example.com', password: 'pods admin passphrase' };
const USER = { email: 'grace@example.com', password: 'compiler cobol 1959', name: 'Grace Hopper' };
const POD_NAME = 'e2e-train-1';

let server: E2eServer;
let browser: Browser;
let adminToken: string;

interface ApiOffer {
  id: string;
  provider: string;
  gpu_model: string;
  gpu_count: number;
}
interface ApiEstimate {
  per_hour: number;
  per_day: number;
  per_month: number;
  breakdown: { provider: number; markup: number; storage: number };
}
interface ApiPod {
  id: string;
  name: string;
  status: string;
  status_history: { status: string }[];
  connection: { ssh: { command: string }; jupyter: { url: string; token: string } | null } | null;
}

const api = <T>(method: string, path: string, token?: string, body?: unknown) =>
  callApi<T>(server, method, path, token, body);

const login = async (email: string, password: string) =>
  (await api<{ access_token: string }>('POST', '/auth/login', undefined, { email, password })).access_token;

/** Same formats as web/src/features/catalog/catalog-format.ts. */
const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const perHour = (price: number) => `${usd.format(price)}/h`;
const total = (amount: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount);

/** A real OpenSSH ed25519 public key line and the fingerprint `ssh-keygen -lf` prints for it. */
function ed25519KeyLine(): { line: string; fingerprint: string } {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, bytes.length]), bytes]);
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { line: `ssh-ed25519 ${blob.toString('base64')} grace@laptop`, fingerprint };
}

const statusOf = (page: Page) => page.getByTestId('pod-status').first().getAttribute('data-status');

beforeAll(async () => {
  let started: Awaited<ReturnType<typeof startPodsServer>>;
  [started, browser] = await Promise.all([startPodsServer({ podId: POD_ID, admin: ADMIN }), launchBrowser()]);
  ({ server, adminToken } = started);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('pod pages', () => {
  it('signs up, configures, deploys, activates by e-mail, connects, terminates and sees it on the dashboard', {
    timeout: 180_000,
  }, async () => {
    const [offer] = (await api<{ items: ApiOffer[] }>('GET', '/offers?available=true&sort=price&limit=1'))
      .items;
    if (!offer) throw new Error('no available offer');
    const key = ed25519KeyLine();
    const session = await openPage(browser, { baseUrl: server.baseUrl });
    const { page } = session;
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

      // The offer page offers Deploy to a signed-in user.
      await page.goto(`/offers/${offer.id}`);
      await page.getByRole('link', { name: 'Deploy', exact: true }).click();
      await page.waitForURL(
        (url) => url.pathname === '/pods/new' && url.searchParams.get('offer') === offer.id,
      );
      const form = page.getByRole('form', { name: 'Configure the pod' });
      await form.getByLabel('Name').fill(POD_NAME);

      // The estimate follows the storage: 730 GB × $0.10 per GB-month / 730 h = $0.10 per hour.
      const at50 = await api<ApiEstimate>('POST', '/pods/estimate', token, {
        offer_id: offer.id,
        storage_gb: 50,
      });
      await expect
        .poll(() => page.getByTestId('estimate-per-hour').textContent())
        .toBe(perHour(at50.per_hour));
      const at730 = await api<ApiEstimate>('POST', '/pods/estimate', token, {
        offer_id: offer.id,
        storage_gb: 730,
      });
      expect(at730.breakdown.storage).toBe(0.1);
      await form.getByRole('textbox', { name: 'Storage (GB)' }).fill('730');
      await expect.poll(() => page.getByTestId('breakdown-storage').textContent()).toBe('$0.10');
      expect(await page.getByTestId('estimate-per-hour').textContent()).toBe(perHour(at730.per_hour));
      expect(await page.getByTestId('estimate-per-month').textContent()).toBe(total(at730.per_month));

      // A key the server cannot parse: its 422 message appears under the SSH key field.
      const sshField = form.getByRole('textbox', { name: 'SSH public key' });
      await sshField.fill('ssh-ed25519 not-a-key');
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v2/pods/drafts'));
      await form.getByRole('button', { name: 'Review' }).click();
      const problem = (await (await refused).json()) as { errors: { path: string; message: string }[] };
      expect(problem.errors.map((e) => e.path)).toEqual(['/body/ssh_public_key']);
      await expect.poll(() => sshField.getAttribute('aria-invalid')).toBe('true');
      await form.getByText(problem.errors[0]?.message ?? '', { exact: true }).waitFor();
      await sshField.fill(key.line);
      await screenshot(page, 'pods-configure-1440');
      await form.getByRole('button', { name: 'Review' }).click();

      // Review: the summary, the cost and one deploy however often Deploy is clicked.
      await page.waitForURL((url) => /^\/pods\/drafts\/[^/]+\/review$/.test(url.pathname));
      const summary = page.getByRole('table', { name: 'Pod configuration' });
      await expect.poll(() => summary.textContent()).toContain(key.fingerprint);
      expect(await summary.textContent()).toContain('730 GB');
      await expect
        .poll(() => page.getByTestId('estimate-per-hour').textContent())
        .toBe(perHour(at730.per_hour));
      await screenshot(page, 'pods-review-1440');
      const deploys: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/deploy')) deploys.push(r.headers()['idempotency-key'] ?? '');
      });
      await page.getByRole('button', { name: 'Deploy', exact: true }).dblclick();
      await page.waitForURL((url) => /^\/pods\/pod_/.test(url.pathname));
      const podId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      expect(new Set(deploys).size).toBe(1);
      const listed = await api<{ items: ApiPod[] }>('GET', '/pods', token);
      expect(listed.items.map((p) => p.id)).toEqual([podId]);

      // The pod page follows the pod to ready (it re-reads every 2 s while it boots).
      await expect.poll(() => statusOf(page), { timeout: 30_000 }).toBe('ready');
      const steps = await page
        .locator('[aria-label="Status history"] [data-status]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
      expect(steps[0]).toBe('pending');
      expect(steps.at(-1)).toBe('ready');
      expect(steps).toContain('provisioning');
      await screenshot(page, 'pods-ready-1440');

      // The activation e-mail's link, opened in the browser, starts the pod and shows the SSH command.
      let link: string | undefined;
      await expect
        .poll(async () => {
          const mail = await api<{ items: { subject: string; text: string }[] }>(
            'GET',
            `/dev/mailbox?to=${encodeURIComponent(USER.email)}`,
            adminToken,
          );
          const message = mail.items.find((m) => m.subject === `Your pod ${POD_NAME} is ready to activate`);
          link = /https?:\/\/[^\s/]+(\/pods\/activate\?token=[A-Za-z0-9_%-]+)/.exec(message?.text ?? '')?.[1];
          return link;
        })
        .toBeDefined();
      await page.goto(link as string);
      await page.getByText(`${POD_NAME} is running`, { exact: true }).waitFor();
      const running = await api<ApiPod>('GET', `/pods/${podId}`, token);
      expect(running.status).toBe('running');
      const command = running.connection?.ssh.command ?? '';
      expect(command).toMatch(/^ssh -p \d+ root@\S+$/);
      expect(await page.getByTestId('ssh-command').textContent()).toBe(command);
      await screenshot(page, 'pods-activate-1440');

      // The pod page: running, with the connection; the Jupyter token is masked until revealed.
      await page.getByRole('link', { name: 'Open the pod page' }).click();
      await page.waitForURL(`**/pods/${podId}`);
      await expect.poll(() => statusOf(page)).toBe('running');
      expect(await page.getByTestId('ssh-command').textContent()).toBe(command);
      const jupyter = running.connection?.jupyter;
      if (jupyter) {
        expect(await page.getByTestId('jupyter-url').textContent()).toBe(jupyter.url);
        expect(await page.getByTestId('jupyter-token').textContent()).not.toContain(jupyter.token);
        await page.getByRole('button', { name: 'Reveal Jupyter token' }).click();
        expect(await page.getByTestId('jupyter-token').textContent()).toBe(jupyter.token);
      }
      await screenshot(page, 'pods-running-1440');

      // On a phone, the same page fits the width (long commands wrap).
      await page.setViewportSize(PHONE);
      await page.reload();
      await page.getByTestId('ssh-command').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, 'pods-running-375');
      await page.setViewportSize(DESKTOP);

      // Terminate, after the confirmation.
      await page.getByRole('button', { name: 'Terminate', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Terminate ${POD_NAME}?` });
      await dialog.getByRole('button', { name: 'Terminate pod' }).click();
      await expect.poll(() => statusOf(page)).toBe('terminated');
      expect(await page.getByTestId('ssh-command').count()).toBe(0);
      expect((await api<ApiPod>('GET', `/pods/${podId}`, token)).status).toBe('terminated');

      // The dashboard: the pod's actions in recent activity, newest first.
      await page
        .getByRole('navigation', { name: 'Main', exact: true })
        .getByRole('link', { name: 'Dashboard' })
        .click();
      const activity = page.getByRole('list', { name: 'Recent activity' });
      await activity.getByRole('listitem').first().waitFor();
      const rows = await activity
        .getByRole('listitem')
        .evaluateAll((els) =>
          els.map((el) => `${el.getAttribute('data-action')} ${el.getAttribute('data-target-id')}`),
        );
      expect(rows.slice(0, 3)).toEqual([
        `pod.terminate ${podId}`,
        `pod.activate ${podId}`,
        `pod.deploy ${podId}`,
      ]);
      expect(await activity.getByRole('listitem').first().textContent()).toContain(`Terminate ${POD_NAME}`);
      expect(await page.getByTestId('pods-total').textContent()).toBe('1');
      expect(await page.getByTestId('pods-running').textContent()).toBe('0');
      await screenshot(page, 'pods-dashboard-1440');
    } finally {
      await session.close();
    }
    // The refused SSH key is the one failed request (Chromium also logs it to the console).
    expect(session.consoleErrors, 'console errors').toEqual([
      expect.stringMatching(/status of 422 .*\/api\/v2\/pods\/drafts\)$/),
    ]);
    expect(session.failedRequests).toEqual([expect.stringMatching(/POST .*\/api\/v2\/pods\/drafts: 422$/)]);
  });
});
