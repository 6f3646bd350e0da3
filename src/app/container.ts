import { createHealthService, type HealthService } from '../modules/health/index.js';
import { type Cache, createCache } from '../platform/cache/index.js';
import { type Clock, systemClock } from '../platform/clock/clock.js';
import type { AppConfig } from '../platform/config/config.js';
import { openSecretBox, type SecretBox } from '../platform/crypto/index.js';
import { type Database, openDatabase } from '../platform/db/index.js';
import { createMetrics, type Metrics } from '../platform/http/metrics.js';
import { createIdGenerator, type IdGenerator } from '../platform/ids/ids.js';
import {
  createMailer,
  createMailTransport,
  type Mailer,
  type MailTransport,
} from '../platform/mail/index.js';
import { createLogger, type Logger } from '../platform/observability/logger.js';
import { createPubSub, type PubSub } from '../platform/pubsub/index.js';

/**
 * The platform adapters of one process, chosen from config: embedded by default, production
 * engines when their variables are set. Tests pass `overrides` to swap an adapter through its
 * port (a fake Stripe, a test database) — never through a branch in the code that uses it.
 */
export interface Platform {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  metrics: Metrics;
  database: Database;
  cache: Cache;
  pubsub: PubSub;
  secrets: SecretBox;
  mail: { transport: MailTransport; mailer: Mailer };
  health: HealthService;
}

export interface PlatformOverrides {
  logger?: Logger;
  clock?: Clock;
  database?: Database;
  cache?: Cache;
  pubsub?: PubSub;
  mailTransport?: MailTransport;
}

export interface RunningPlatform extends Platform {
  /** Closes every adapter in dependency order; idempotent. */
  close(): Promise<void>;
}

export async function createPlatform(
  config: AppConfig,
  overrides: PlatformOverrides = {},
): Promise<RunningPlatform> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, base: { pod_id: config.podId } });
  const clock = overrides.clock ?? systemClock;
  const ids = createIdGenerator(() => clock.nowMs());
  const metrics = createMetrics({ defaultLabels: { pod_id: config.podId } });

  const closers: Array<[string, () => Promise<void>]> = [];
  try {
    const database = overrides.database ?? (await openDatabase(config));
    if (!overrides.database) closers.push(['database', () => database.close()]);
    await database.migrate();

    // Several PODs may share one Redis: every key and channel is namespaced by the POD id.
    const redisPrefix = `gpb:${config.podId}:`;
    const cache =
      overrides.cache ??
      createCache({
        redisUrl: config.redisUrl,
        clock,
        keyPrefix: redisPrefix,
        onError: (err) => logger.warn({ err }, 'cache connection error'),
      });
    if (!overrides.cache) closers.push(['cache', () => cache.close()]);
    const pubsub =
      overrides.pubsub ??
      createPubSub({
        redisUrl: config.redisUrl,
        channelPrefix: redisPrefix,
        onError: (err) => logger.warn({ err }, 'pub/sub error'),
      });
    if (!overrides.pubsub) closers.push(['pubsub', () => pubsub.close()]);

    const { secretBox: secrets, masterKey } = openSecretBox({
      masterKey: config.masterKey,
      dataDir: config.dataDir,
    });
    logger.info({ key_id: masterKey.keyId, source: masterKey.source }, 'master key loaded');

    const mailTransport =
      overrides.mailTransport ?? createMailTransport({ ...config.mail, awsRegion: config.aws.region });
    if (!overrides.mailTransport) closers.push(['mail', () => mailTransport.close()]);
    const mailer = createMailer({
      database,
      transport: mailTransport,
      from: config.mail.from,
      ids,
      clock,
      logger,
    });

    const health = createHealthService({
      clock,
      checks: [
        { name: 'database', check: () => database.ping() },
        { name: 'cache', check: () => cache.ping() },
        { name: 'pubsub', check: () => pubsub.ping() },
      ],
    });

    let closed = false;
    return {
      config,
      logger,
      clock,
      ids,
      metrics,
      database,
      cache,
      pubsub,
      secrets,
      mail: { transport: mailTransport, mailer },
      health,
      async close() {
        if (closed) return;
        closed = true;
        await closeAll(closers, logger);
      },
    };
  } catch (err) {
    await closeAll(closers, logger);
    throw err;
  }
}

async function closeAll(closers: Array<[string, () => Promise<void>]>, logger: Logger) {
  for (const [name, close] of [...closers].reverse()) {
    try {
      await close();
    } catch (err) {
      logger.error({ err, adapter: name }, 'closing adapter failed');
    }
  }
}
