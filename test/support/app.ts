import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { type Application, createApplication } from '../../src/app/app.js';
import type { ModuleOptions, Modules, RunningPlatform } from '../../src/app/container.js';
import type { App } from '../../src/app/server.js';
import type { Clock } from '../../src/platform/clock/clock.js';
import { type AppConfig, loadConfig } from '../../src/platform/config/config.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp {
  app: App;
  platform: RunningPlatform;
  modules: Modules;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real server on a throw-away database (PGlite, or PostgreSQL in the services project),
 * with `env` as its environment. `modules` adds route plugins under /api/v2 (used to exercise
 * framework behaviour such as body validation on a route the test defines); their routes are
 * public unless they declare `config.auth` (the access gate has its own tests).
 * `moduleOptions` replaces wiring defaults (e.g. e-mail confirmation instead of auto-confirm).
 */
export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    modules?: FastifyPluginAsync[];
    config?: AppConfig;
    logger?: Logger;
    moduleOptions?: ModuleOptions;
    /** Route plugins registered exactly as a domain module's: behind the access gate, no defaults. */
    gatedModules?: FastifyPluginAsync[];
    clock?: Clock;
    /** Share a database with another test app (two instances of one POD); the caller destroys it. */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gpb-app-'));
  const config = opts.config ?? loadConfig({ LOG_LEVEL: 'silent', GPUBROKER_DATA_DIR: dataDir, ...opts.env });
  const database = opts.database ?? (await createTestDatabase());
  const ownsDatabase = opts.database === undefined;
  let application: Application;
  try {
    application = await createApplication(
      config,
      {
        database,
        logger: opts.logger ?? pino({ level: 'silent' }),
        ...(opts.clock ? { clock: opts.clock } : {}),
      },
      {
        modules: [...(opts.modules ?? []).map(publicByDefault), ...(opts.gatedModules ?? [])],
        // Catalog syncs run when a test asks (`modules.catalog.sync.syncProvider`), not behind every test.
        moduleOptions: {
          ...opts.moduleOptions,
          catalog: { autoSync: false, ...opts.moduleOptions?.catalog },
        },
      },
    );
  } catch (err) {
    if (ownsDatabase) await database.destroy();
    throw err;
  }
  const { app, platform, modules } = application;
  return {
    app,
    platform,
    modules,
    database,
    async close() {
      await application.close();
      if (ownsDatabase) await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function publicByDefault(plugin: FastifyPluginAsync): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRoute', (route) => {
      route.config = { auth: 'public', ...route.config };
    });
    await app.register(plugin);
  };
}
