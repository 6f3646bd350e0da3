import { createApplication } from './app/app.js';
import { ConfigError, loadProcessConfig } from './platform/config/config.js';
import { DataDirLockedError } from './platform/db/index.js';

/**
 * Process entry: validate config, open the platform, listen, and shut down gracefully on
 * SIGTERM/SIGINT (readiness fails first, then the listener closes and in-flight requests drain,
 * then the database closes). Start-up failures print one clear line and exit 1.
 */
async function main() {
  const startedAt = performance.now();
  let config: ReturnType<typeof loadProcessConfig>;
  try {
    config = loadProcessConfig();
  } catch (err) {
    if (err instanceof ConfigError) fatal(err.message);
    throw err;
  }

  let application: Awaited<ReturnType<typeof createApplication>>;
  try {
    application = await createApplication(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) fatal(err.message);
    fatal(`Start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { app, platform } = application;

  try {
    await app.listen({ port: config.http.port, host: config.http.host });
  } catch (err) {
    await application.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fatal(`PORT ${config.http.port} on ${config.http.host} is already in use.`);
    if (code === 'EACCES') fatal(`PORT ${config.http.port} needs privileges this process does not have.`);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  platform.logger.info(
    {
      url: `${config.http.tls ? 'https' : 'http'}://${config.http.host}:${port}`,
      database: platform.database.kind,
      startup_ms: Math.round(performance.now() - startedAt),
    },
    'gpubroker listening',
  );

  let shuttingDown = false;
  let finalExitCode = 0;
  const shutdown = (signal: string, exitCode = 0) => {
    finalExitCode = Math.max(finalExitCode, exitCode);
    if (shuttingDown) return;
    shuttingDown = true;
    platform.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      platform.logger.error({ timeout_ms: config.http.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    force.unref();
    application.close().then(
      () => {
        platform.logger.info('shutdown complete');
        process.exit(finalExitCode);
      },
      (err) => {
        platform.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // A bug that escapes every handler leaves the process in an unknown state: record it, stop
  // taking traffic and exit non-zero so the orchestrator replaces the instance. Durable work
  // (outbox rows, jobs) is in the database and resumes in the next process.
  const crash = (kind: string) => (err: unknown) => {
    platform.logger.fatal({ err, kind }, 'crashing on an unhandled error');
    shutdown(kind, 1);
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
}

function fatal(message: string): never {
  process.stderr.write(`gpubroker: ${message}\n`);
  process.exit(1);
}

main().catch((err) => {
  process.stderr.write(
    `gpubroker: unexpected start-up error: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
