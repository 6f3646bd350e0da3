import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { createPlatform, type RunningPlatform } from '../../src/app/container.js';
import { type App, buildServer, readTls } from '../../src/app/server.js';
import { type AppConfig, loadConfig } from '../../src/platform/config/config.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp {
  app: App;
  platform: RunningPlatform;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real server on a throw-away database (PGlite, or PostgreSQL in the services project),
 * with `env` as its environment. `modules` adds route plugins under /api/v2 (used to exercise
 * framework behaviour such as body validation on a route the test defines).
 */
export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    modules?: FastifyPluginAsync[];
    config?: AppConfig;
    logger?: Logger;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gpb-app-'));
  const config = opts.config ?? loadConfig({ LOG_LEVEL: 'silent', GPUBROKER_DATA_DIR: dataDir, ...opts.env });
  const database = await createTestDatabase();
  const platform = await createPlatform(config, {
    database,
    logger: opts.logger ?? pino({ level: 'silent' }),
  });
  const app = await buildServer({
    config,
    logger: platform.logger,
    ids: platform.ids,
    metrics: platform.metrics,
    tracing: platform.tracing,
    health: { health: platform.health },
    modules: opts.modules ?? [],
    tls: readTls(config),
  });
  await app.ready();
  await platform.startBackground();
  return {
    app,
    platform,
    database,
    async close() {
      await app.close();
      await platform.close();
      await database.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
