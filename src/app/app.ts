import type { FastifyPluginAsync } from 'fastify';
import type { AppConfig } from '../platform/config/config.js';
import {
  createPlatform,
  type ModuleOptions,
  type Modules,
  type PlatformOverrides,
  type RunningPlatform,
  wireModules,
} from './container.js';
import { type App, buildServer, readTls } from './server.js';

export interface Application {
  app: App;
  platform: RunningPlatform;
  modules: Modules;
  /** Drain and close: readiness fails, the listener stops, in-flight requests finish, adapters close. */
  close(): Promise<void>;
}

/** Platform + HTTP server, ready to listen. Used by `main.ts`, the end-to-end tests and the bench. */
export async function createApplication(
  config: AppConfig,
  overrides: PlatformOverrides = {},
  extra: { modules?: FastifyPluginAsync[]; moduleOptions?: ModuleOptions } = {},
): Promise<Application> {
  const platform = await createPlatform(config, overrides);
  let app: App;
  let modules: Modules;
  try {
    modules = wireModules(platform, extra.moduleOptions);
    const { platformConfig, identity, catalog, pods, billing, realtime, devMailbox } = modules;
    await platformConfig.start();
    await identity.start();
    await catalog.start();
    await pods.start();
    await billing.start();
    await realtime.start();
    app = await buildServer({
      config,
      logger: platform.logger,
      ids: platform.ids,
      metrics: platform.metrics,
      tracing: platform.tracing,
      health: { health: platform.health },
      accessControl: identity.accessControl,
      modules: [
        identity.routes,
        platformConfig.routes,
        catalog.routes,
        pods.routes,
        billing.routes,
        realtime.routes,
        devMailbox.routes,
        ...(extra.modules ?? []),
      ],
      rootModules: [identity.rootRoutes],
      tls: readTls(config),
    });
    await app.ready();
    await platform.startBackground();
    await catalog.afterStart();
    await pods.afterStart();
  } catch (err) {
    await platform.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    app,
    platform,
    modules,
    close() {
      closing ??= (async () => {
        platform.health.startDraining();
        try {
          await app.close();
          await modules.realtime.stop();
          await modules.catalog.stop();
          await modules.platformConfig.stop();
        } finally {
          await platform.close();
        }
      })();
      return closing;
    },
  };
}
