import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type Application, createApplication } from '../../../src/app/app.js';
import type { ModuleOptions } from '../../../src/app/container.js';
import { loadConfig } from '../../../src/platform/config/config.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built web app the server under test serves (`npm run build:web`; `npm run test:e2e` builds it). */
export const WEB_DIR = join(repoRoot, 'dist', 'web');

export interface E2eServer {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  baseUrl: string;
  application: Application;
  close(): Promise<void>;
}

export interface E2eServerOptions {
  /** Extra environment (e.g. `GPUBROKER_ADMIN_EMAIL`), on top of the defaults below. */
  env?: Record<string, string>;
  /** Wiring choices, e.g. `{ identity: { autoConfirm: () => false } }` to send confirmation e-mails. */
  moduleOptions?: ModuleOptions;
  /** A port chosen beforehand (when a URL naming it must be known before start); default any free one. */
  port?: number;
}

/**
 * The whole server as production runs it — default adapters, PGlite persisted in a throw-away
 * data directory, the built web app — listening on a free port of 127.0.0.1.
 */
export async function startServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(
      `${WEB_DIR} has no index.html: run \`npm run build:web\` (npm run test:e2e does it first).`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gpb-e2e-'));
  let application: Application;
  try {
    application = await createApplication(
      loadConfig({
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: '0',
        GPUBROKER_DATA_DIR: dataDir,
        GPUBROKER_WEB_DIR: WEB_DIR,
        ...options.env,
      }),
      {},
      { moduleOptions: options.moduleOptions },
    );
    await application.app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const address = application.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the server is not listening');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    application,
    async close() {
      try {
        await application.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A JSON call to the server's API from the test itself (set-up and checks beside the browser);
 * fails the test on any status from 300 up.
 */
export async function callApi<T>(
  server: Pick<E2eServer, 'baseUrl'>,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${server.baseUrl}/api/v2${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/**
 * A SANDBOX server ready for pod journeys: a bootstrap admin, fast simulated provisioning
 * (`pods.sandbox.provision_delay_ms` 500, `pods.poll_seconds` 1), and at least one available
 * offer (the first sync of every simulated provider runs in the background after start).
 */
export async function startPodsServer(opts: {
  podId: string;
  admin: { email: string; password: string };
}): Promise<{ server: E2eServer; adminToken: string }> {
  const server = await startServer({
    env: {
      GPUBROKER_POD_ID: opts.podId,
      GPUBROKER_ADMIN_EMAIL: opts.admin.email,
      GPUBROKER_ADMIN_PASSWORD: opts.admin.password,
    },
  });
  try {
    const { access_token: adminToken } = await callApi<{ access_token: string }>(
      server,
      'POST',
      '/auth/login',
      undefined,
      opts.admin,
    );
    for (const [key, value] of [
      ['pods.sandbox.provision_delay_ms', 500],
      ['pods.poll_seconds', 1],
    ] as const) {
      await callApi(server, 'PUT', `/config/pods/${opts.podId}/parameters/${key}`, adminToken, {
        sandbox_value: value,
      });
    }
    const deadline = Date.now() + 90_000;
    while (
      (await callApi<{ items: unknown[] }>(server, 'GET', '/offers?available=true&limit=1')).items.length ===
      0
    ) {
      if (Date.now() > deadline) throw new Error('no provider synced within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { server, adminToken };
  } catch (err) {
    await server.close();
    throw err;
  }
}
