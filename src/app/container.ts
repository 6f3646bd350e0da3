import { type BillingModule, type BillingWiring, createBillingModule } from '../modules/billing/index.js';
import { type CatalogModule, type CatalogWiring, createCatalogModule } from '../modules/catalog/index.js';
import { createDevMailboxModule, type DevMailboxModule } from '../modules/dev-mailbox/index.js';
import { createHealthService, type HealthService } from '../modules/health/index.js';
import { createIdentityModule, type IdentityModule, type IdentityWiring } from '../modules/identity/index.js';
import {
  createPlatformConfigModule,
  createSecretStore,
  type PlatformConfigModule,
  type PlatformConfigWiring,
} from '../modules/platform-config/index.js';
import { createPodsModule, type PodsModule } from '../modules/pods/index.js';
import { createRealtimeModule, type RealtimeModule, type RealtimeWiring } from '../modules/realtime/index.js';
import { type Cache, createCache } from '../platform/cache/index.js';
import { type Clock, systemClock } from '../platform/clock/clock.js';
import type { AppConfig } from '../platform/config/config.js';
import { openSecretBox, type SecretBox } from '../platform/crypto/index.js';
import { type Database, openDatabase } from '../platform/db/index.js';
import { createEvents, type Events } from '../platform/events/index.js';
import { mskIamSasl } from '../platform/events/msk-iam.js';
import { createMetrics, type Metrics } from '../platform/http/metrics.js';
import { createIdGenerator, type IdGenerator } from '../platform/ids/ids.js';
import { createJobQueue, type JobQueue } from '../platform/jobs/index.js';
import {
  createMailer,
  createMailTransport,
  type Mailer,
  type MailPolicy,
  type MailTransport,
} from '../platform/mail/index.js';
import { createLogger, type Logger } from '../platform/observability/logger.js';
import { createTracing, type Tracing } from '../platform/observability/tracing.js';
import { createPubSub, type PubSub } from '../platform/pubsub/index.js';
import { createRateLimiter, type RateLimiter } from '../platform/ratelimit/index.js';
import { registerHousekeeping } from './housekeeping.js';

/**
 * The platform adapters of one process, chosen from config: embedded by default, production
 * engines when their variables are set. Tests pass `overrides` to swap an adapter through its
 * port (a fake Stripe, a test database) — never through a branch in the code that uses it.
 */
export interface Platform {
  config: AppConfig;
  logger: Logger;
  tracing: Tracing;
  clock: Clock;
  ids: IdGenerator;
  metrics: Metrics;
  database: Database;
  cache: Cache;
  pubsub: PubSub;
  /** Token buckets (provider API quotas), shared through Redis when `REDIS_URL` is set. */
  rateLimiter: RateLimiter;
  secrets: SecretBox;
  /** `policy` is late-bound by the modules (SANDBOX capture, sender parameter); default: deliver. */
  mail: { transport: MailTransport; mailer: Mailer; policy: MailPolicy };
  events: Events;
  jobs: JobQueue;
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
  /**
   * Starts background work (outbox relay, job workers). Called once every module has registered
   * its subscribers and job handlers, so no event or job arrives before its handler exists.
   */
  startBackground(): Promise<void>;
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
  // Closers run in reverse: tracing, first in, flushes the spans of everything closed before it.
  const tracing = createTracing({ endpoint: config.otel.endpoint, podId: config.podId, logger });
  closers.push(['tracing', () => tracing.shutdown()]);
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

    const rateLimiter = createRateLimiter({
      redisUrl: config.redisUrl,
      keyPrefix: `${redisPrefix}rl:`,
      clock,
    });
    closers.push(['rate limiter', () => rateLimiter.close()]);

    const { secretBox: secrets, masterKey } = openSecretBox({
      masterKey: config.masterKey,
      dataDir: config.dataDir,
    });
    logger.info({ key_id: masterKey.keyId, source: masterKey.source }, 'master key loaded');

    const mailTransport =
      overrides.mailTransport ?? createMailTransport({ ...config.mail, awsRegion: config.aws.region });
    if (!overrides.mailTransport) closers.push(['mail', () => mailTransport.close()]);
    const mailPolicy: MailPolicy = { capture: () => false, from: () => config.mail.from };
    const mailer = createMailer({
      database,
      transport: mailTransport,
      from: config.mail.from,
      ids,
      clock,
      logger,
      policy: { capture: () => mailPolicy.capture(), from: () => mailPolicy.from() },
    });

    const events = createEvents({
      database,
      clock,
      ids,
      logger,
      ...(config.kafka
        ? {
            kafka: {
              brokers: config.kafka.brokers,
              clientId: `gpubroker-${config.podId}`,
              ...(config.kafka.sasl === 'aws-iam'
                ? { ssl: true, sasl: mskIamSasl(config.aws.region as string) }
                : {}),
            },
          }
        : {}),
    });
    closers.push(['events', () => events.close()]);
    // Running handlers get most of the shutdown budget; the rest closes connections.
    const jobs = createJobQueue({
      database,
      logger,
      stopTimeoutMs: Math.floor(config.http.shutdownTimeoutMs * 0.6),
    });
    closers.push(['jobs', () => jobs.stop()]);

    const health = createHealthService({
      clock,
      checks: [
        { name: 'database', check: () => database.ping() },
        { name: 'cache', check: () => cache.ping() },
        { name: 'pubsub', check: () => pubsub.ping() },
        { name: 'events', check: () => events.transport.ping() },
        { name: 'jobs', check: () => jobs.ping() },
      ],
    });

    let closed = false;
    return {
      config,
      logger,
      tracing,
      clock,
      ids,
      metrics,
      database,
      cache,
      pubsub,
      rateLimiter,
      secrets,
      mail: { transport: mailTransport, mailer, policy: mailPolicy },
      events,
      jobs,
      health,
      async startBackground() {
        await registerHousekeeping({ jobs, events, logger });
        await jobs.start();
        events.relay.start();
      },
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

/** The domain modules of one process, built from its platform (STYLE §4: each has its own wire file). */
export interface Modules {
  platformConfig: PlatformConfigModule;
  identity: IdentityModule;
  catalog: CatalogModule;
  pods: PodsModule;
  billing: BillingModule;
  realtime: RealtimeModule;
  devMailbox: DevMailboxModule;
}

/** Wiring choices a caller (tests, the bench) may make instead of the defaults below. */
export interface ModuleOptions {
  platformConfig?: Partial<Pick<PlatformConfigWiring, 'refreshMs' | 'secretStore'>>;
  identity?: Partial<
    Pick<IdentityWiring, 'autoConfirm' | 'loginLimits' | 'registerLimits' | 'oauth' | 'cognito'>
  >;
  catalog?: Partial<Pick<CatalogWiring, 'autoSync' | 'adapters' | 'safetyReloadMs'>>;
  billing?: Partial<Pick<BillingWiring, 'gateway'>>;
  realtime?: Partial<Pick<RealtimeWiring, 'bus' | 'apiGateway'>>;
}

export function wireModules(platform: Platform, options: ModuleOptions = {}): Modules {
  const { config } = platform;
  // Identity needs the configuration (mode) and the configuration's audit needs identity (who):
  // the late-bound lookup breaks the cycle; it is only called while serving requests.
  let emailOf: (userId: string) => Promise<string | null> = async () => null;
  const platformConfig = createPlatformConfigModule({
    database: platform.database,
    secrets: platform.secrets,
    pubsub: platform.pubsub,
    jobs: platform.jobs,
    ids: platform.ids,
    clock: platform.clock,
    logger: platform.logger,
    podId: config.podId,
    emailOf: (userId) => emailOf(userId),
    secretStore: createSecretStore(config.secretStore),
    // LIVE mails real people: a POD whose mail is only captured cannot go LIVE.
    liveReadiness: () =>
      config.mail.transport === 'mailbox'
        ? [
            {
              path: '/environment/MAIL_TRANSPORT',
              message: 'must be smtp or ses in LIVE (mail is only captured)',
            },
          ]
        : [],
    ...options.platformConfig,
  });
  const { settings } = platformConfig;
  const sandbox = () => settings.mode() === 'SANDBOX';
  // SANDBOX captures every e-mail (the dev mailbox); the sender is a POD parameter.
  platform.mail.policy.capture = sandbox;
  platform.mail.policy.from = () => settings.string('mail.from') ?? config.mail.from;
  const identity = createIdentityModule({
    database: platform.database,
    cache: platform.cache,
    secrets: platform.secrets,
    ids: platform.ids,
    clock: platform.clock,
    mailer: platform.mail.mailer,
    logger: platform.logger,
    jobs: platform.jobs,
    // SANDBOX auto-confirms sign-ups; read per call, so a mode switch applies at once.
    autoConfirm: sandbox,
    registrationOpen: () => settings.boolean('registration.enabled'),
    appBaseUrl: config.http.publicUrl,
    bootstrapAdmin: config.bootstrapAdmin,
    oauth: config.oauth,
    cognito: config.cognito,
    ...options.identity,
  });
  emailOf = identity.emailOf;
  // Real time follows the catalog's names and the pods' owners, which exist only further down.
  let catalogRef: CatalogModule | null = null;
  let podsRef: PodsModule | null = null;
  const realtime = createRealtimeModule({
    // The bus publishes on Redis itself: only with the Redis pub/sub does it reach the subscribers.
    redisUrl: platform.pubsub.kind === 'redis' ? config.redisUrl : undefined,
    keyPrefix: `gpb:${config.podId}:`,
    pubsub: platform.pubsub,
    events: platform.events.subscriptions,
    settings,
    ids: platform.ids,
    clock: platform.clock,
    logger: platform.logger,
    metrics: platform.metrics.registry,
    verifyCredential: (credential) => identity.verifyCredential(credential),
    knownGpu: (model) => catalogRef?.knownGpu(model) ?? false,
    knownProvider: (id) => catalogRef?.knownProvider(id) ?? false,
    podOwner: async (podId) => (podsRef ? podsRef.ownerOf(podId) : null),
    db: platform.database.db,
    apiGateway: config.realtimeApiGateway,
    ...options.realtime,
  });
  const catalog = createCatalogModule({
    database: platform.database,
    cache: platform.cache,
    pubsub: platform.pubsub,
    jobs: platform.jobs,
    rateLimiter: platform.rateLimiter,
    ids: platform.ids,
    clock: platform.clock,
    logger: platform.logger,
    metrics: platform.metrics.registry,
    settings,
    realtime: realtime.publisher,
    ...options.catalog,
  });
  catalogRef = catalog;
  const billing = createBillingModule({
    database: platform.database,
    cache: platform.cache,
    events: platform.events,
    jobs: platform.jobs,
    mailer: platform.mail.mailer,
    ids: platform.ids,
    clock: platform.clock,
    logger: platform.logger,
    settings,
    identity: {
      contactOf: (userId) => identity.contactOf(userId),
      planOf: (userId) => identity.planOf(userId),
      setPlan: (userId, plan, detail) => identity.setPlan(userId, plan, detail),
    },
    stripeEnv: config.stripe,
    appBaseUrl: config.http.publicUrl,
    ...options.billing,
  });
  const pods = createPodsModule({
    database: platform.database,
    events: platform.events,
    jobs: platform.jobs,
    mailer: platform.mail.mailer,
    ids: platform.ids,
    clock: platform.clock,
    logger: platform.logger,
    settings,
    catalog,
    contactOf: (userId) => identity.contactOf(userId),
    appBaseUrl: config.http.publicUrl,
    spend: billing.spendGuard,
  });
  podsRef = pods;
  const devMailbox = createDevMailboxModule({
    database: platform.database,
    // SANDBOX only: in LIVE, mail_messages holds real users' delivered mail, which must not be exposed.
    enabled: sandbox,
  });
  return { platformConfig, identity, catalog, pods, billing, realtime, devMailbox };
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
