import { type AddressInfo, createServer } from 'node:net';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createMailboxRepo } from '../../../src/platform/mail/index.js';
import type { E2eServer } from './server.js';

// Helpers for the identity end-to-end tests (auth*.e2e.test.ts).

/** Where the web app keeps the refresh token (web/src/lib/auth/session.store.ts). */
export const REFRESH_TOKEN_KEY = 'gpubroker.refresh_token';
const PERIOD_SECONDS = 30;

/** A port that was free a moment ago, for a server whose URL must be known before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The path and query of the confirmation link in the latest e-mail to `to` (the link's host is the POD's public URL). */
export async function verificationPath(server: E2eServer, to: string): Promise<string> {
  const mailbox = createMailboxRepo(server.application.platform.database.db);
  let path: string | undefined;
  await expect
    .poll(async () => {
      const { items } = await mailbox.list({ to, limit: 5 });
      path = /https?:\/\/[^\s/]+(\/verify-email\?token=[A-Za-z0-9_-]+)/.exec(items[0]?.text ?? '')?.[1];
      return path;
    })
    .toBeDefined();
  return path as string;
}

/** An account confirmed through the API (the link from its e-mail), for tests about what comes after. */
export async function createConfirmedAccount(
  server: E2eServer,
  email: string,
  password: string,
  name: string,
) {
  const post = (path: string, body: unknown) =>
    fetch(`${server.baseUrl}/api/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('/auth/register', { email, password, name })).status).toBe(201);
  const token = new URLSearchParams((await verificationPath(server, email)).split('?')[1]).get('token');
  expect((await post('/auth/verify-email', { token })).status).toBe(200);
}

/** The TOTP code of `secret` at `epoch` (seconds; default now), as an authenticator app shows it. */
export const totp = (secret: string, epoch = Math.floor(Date.now() / 1000)) => generate({ secret, epoch });

/** A 6-digit code that is none of the codes valid around now (so it is wrong whatever the drift window). */
export async function wrongCode(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set(
    await Promise.all([-2, -1, 0, 1, 2].map((step) => totp(secret, now + step * PERIOD_SECONDS))),
  );
  return ['000000', '111111', '222222'].find((code) => !valid.has(code)) as string;
}

export function alertText(page: Page) {
  return page.getByRole('alert').first().textContent();
}

export async function logInWithPassword(page: Page, email: string, password: string) {
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('E-mail').fill(email);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
}
