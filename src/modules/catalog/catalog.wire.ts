import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { PubSub } from '../../platform/pubsub/index.js';
import type { RateLimiter } from '../../platform/ratelimit/index.js';
import type { PlatformSettings } from '../platform-config/index.js';
import type { RealtimePublisher } from '../realtime/index.js';
import { createCatalogMetrics } from './catalog.metrics.js';
import { createCatalogRepo } from './catalog.repo.js';
import { catalogRoutes } from './catalog.routes.js';
import type { CatalogOffer, ProviderAdapter } from './catalog.types.js';
import { catalogAdminRoutes } from './catalog-admin.routes.js';
import { type CatalogImport, createCatalogImport } from './catalog-import.service.js';
import { createCatalogQuery } from './catalog-query.service.js';
import { announce, offerChanges, providerEvent } from './catalog-realtime.js';
import { createCatalogStatus } from './catalog-status.service.js';
import { type CatalogSync, createCatalogSync, type OfferSource } from './catalog-sync.service.js';
import { gpuModel } from './gpus/index.js';
import { type LiveProvisioning, liveProvisioningOf } from './live-provisioning.js';
import { createOfferWrites, toCatalogOffer } from './offer-writes.service.js';
import { PROVIDERS } from './providers/registry.js';
import { createOfferIndex, type OfferIndex } from './query/index.js';
import { createProviderGateway } from './resilience/index.js';
import { createSimulatedAdapter } from './simulation/index.js';

export const CATALOG_CHANNEL = 'catalog.changed';
export const SYNC_QUEUE = 'catalog-sync';
export const SYNC_TICK_QUEUE = 'catalog-sync-tick';

export interface CatalogWiring {
  database: Database;
  cache: Cache;
  pubsub: PubSub;
  jobs: Pick<JobQueue, 'work' | 'send' | 'schedule'>;
  rateLimiter: Pick<RateLimiter, 'take'>;
  ids: IdGenerator;
  clock: Clock;
  logger: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    error(o: object, m: string): void;
  };
  settings: PlatformSettings;
  /** Prometheus registry of this instance (`/metrics`). */
  metrics?: Registry;
  /** Period of the reload that covers a lost change announcement (default 60 s). */
  safetyReloadMs?: number;
  /** Sync due providers right after start (default true; tests that sync on their own turn it off). */
  autoSync?: boolean;
  /** Replaces the adapter registry (tests pointing a provider at a local server). */
  adapters?: Readonly<Record<string, ProviderAdapter>>;
  /** Price and provider-status pushes (`prices:<gpu>`, `provider:<id>`); none when absent. */
  realtime?: RealtimePublisher;
}

export interface CatalogModule {
  index: OfferIndex;
  sync: CatalogSync;
  imports: CatalogImport;
  /** `/providers`, `/gpus`, `/offers/**` and `/admin/catalog/**`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
  /** Health of every provider (`GET /providers` rows), for dashboards. */
  providerHealth(): Promise<Array<{ id: string; name: string; status: string; circuit: string }>>;
  /** A canonical GPU model name (real-time channel names are checked against it). */
  knownGpu(model: string): boolean;
  /** A provider id of the registry. */
  knownProvider(id: string): boolean;
  /** LIVE lifecycle calls of a provider with the POD's key and base URL, or null when it has none. */
  liveProvisioning(provider: string): LiveProvisioning | null;
  /** Loads the index from the database, registers the sync jobs and the cross-instance reload. */
  start(): Promise<void>;
  /** After the job queue runs: queues the syncs that are due (first start: every provider). */
  afterStart(): Promise<void>;
  stop(): Promise<void>;
}

export function wireCatalog(deps: CatalogWiring): CatalogModule {
  const { settings, clock, logger } = deps;
  const adapters: Readonly<Record<string, ProviderAdapter>> = deps.adapters ?? PROVIDERS;
  const instance = randomUUID();
  const repo = createCatalogRepo(deps.database.db);
  const index = createOfferIndex();
  const writes = createOfferWrites({ database: deps.database, repo, ids: deps.ids, clock });
  const enabled = (id: string) => (id in adapters ? settings.boolean(`providers.${id}.enabled`) : true);
  // Computed in start(), once the settings are loaded.
  let visible = new Set<string>();
  const isVisible = (id: string) => !(id in adapters) || visible.has(id);

  const push = announce(deps.realtime, logger);

  async function onApplied(provider: string, current: CatalogOffer[]): Promise<void> {
    // What changed against what this instance served: the instance that wrote the change announces it.
    if (isVisible(provider)) push.offers(offerChanges((id) => index.get(id), current, clock.now()));
    index.replaceProvider(provider, isVisible(provider) ? current : []);
    await deps.pubsub.publish(CATALOG_CHANNEL, { provider, origin: instance }).catch((err: unknown) => {
      logger.warn(
        { err, provider },
        'catalog change not announced (other instances reload within their sync)',
      );
    });
  }

  async function reloadProvider(provider: string): Promise<void> {
    const rows = isVisible(provider) ? await repo.offersOfProvider(provider) : [];
    index.replaceProvider(provider, rows.map(toCatalogOffer));
  }

  const gateways = new Map<string, OfferSource>();
  function sourceFor(id: string): OfferSource {
    const mode = settings.mode();
    const key = `${mode}:${id}`;
    let source = gateways.get(key);
    if (source) return source;
    const real = adapters[id];
    if (!real) throw new Error(`no adapter for provider ${id}`);
    const adapter =
      mode === 'SANDBOX'
        ? createSimulatedAdapter(real, {
            clock,
            faults: () => ({
              latencyMs: settings.number(`providers.${id}.sim.latency_ms`),
              errorRate: settings.number(`providers.${id}.sim.error_rate`),
              timeoutRate: settings.number(`providers.${id}.sim.timeout_rate`),
              rateLimitRate: settings.number(`providers.${id}.sim.rate_limit_rate`),
            }),
          })
        : real;
    source = createProviderGateway({
      adapter,
      config: () => ({
        baseUrl: settings.string(`providers.${id}.base_url`),
        credential: settings.string(`providers.${id}.api_key`),
        timeoutMs: settings.number('catalog.provider_timeout_ms'),
        ratePerMinute: settings.number(`providers.${id}.rate_limit_per_minute`),
        usdPerEur: settings.number('catalog.usd_per_eur'),
      }),
      limiter: deps.rateLimiter,
      // SANDBOX and LIVE never share cached offers.
      cache: {
        getOrSet: (k, ttl, load) => deps.cache.getOrSet(`${mode}:${k}`, ttl, load),
        delete: (k) => deps.cache.delete(`${mode}:${k}`),
      },
      logger,
    });
    gateways.set(key, source);
    return source;
  }

  const shouldSync = (id: string) =>
    id in adapters && enabled(id) && (adapters[id]!.kind === 'live' || settings.mode() === 'SANDBOX');

  const baseSync = createCatalogSync({
    adapters,
    sourceFor,
    shouldSync,
    intervalMs: () => settings.number('catalog.sync_interval_seconds') * 1000,
    writes,
    repo,
    clock,
    logger,
    onApplied,
  });
  const metrics = deps.metrics ? createCatalogMetrics(deps.metrics, index) : null;
  const sync: CatalogSync = {
    ...baseSync,
    async syncProvider(provider, opts) {
      const report = await baseSync.syncProvider(provider, opts);
      metrics?.observe(report);
      push.provider(providerEvent(report, clock.now()));
      return report;
    },
  };
  const imports = createCatalogImport({ writes, repo, clock, onApplied });
  const status = createCatalogStatus({ repo, counts: () => index.providerCounts(), enabled });
  const query = createCatalogQuery({
    index,
    repo,
    featuredModels: () => {
      const v = settings.get('catalog.featured_gpus');
      return Array.isArray(v) ? v.filter((m): m is string => typeof m === 'string') : [];
    },
  });
  const markupFor = (request: FastifyRequest) =>
    settings.number(`markup_percent.${request.principal?.plan ?? 'free'}`);

  async function tick(): Promise<void> {
    for (const provider of await sync.dueProviders()) {
      await deps.jobs.send(
        SYNC_QUEUE,
        { provider },
        { singletonKey: provider, retryLimit: 0, expireInSeconds: 600 },
      );
    }
  }

  let unsubscribe: (() => Promise<void>) | null = null;
  let safetyTimer: NodeJS.Timeout | null = null;
  /** Each provider's last sync as this instance last loaded it. */
  const seenSyncAt = new Map<string, number>();

  async function subscribe(): Promise<void> {
    try {
      unsubscribe = await deps.pubsub.subscribe(CATALOG_CHANNEL, async (message) => {
        const m = message as { provider?: unknown; origin?: unknown };
        if (typeof m.provider !== 'string' || m.origin === instance) return;
        await reloadProvider(m.provider).catch((err: unknown) =>
          logger.warn({ err, provider: m.provider }, 'catalog reload failed'),
        );
      });
    } catch (err) {
      logger.warn({ err }, 'catalog changes not subscribed; relying on the periodic reload');
    }
  }

  async function reloadChanged(): Promise<void> {
    for (const p of await repo.providers()) {
      const at = p.lastSyncAt?.getTime() ?? 0;
      if (seenSyncAt.get(p.id) === at) continue;
      seenSyncAt.set(p.id, at);
      await reloadProvider(p.id);
    }
  }
  let stopSettings: (() => void) | null = null;

  return {
    index,
    sync,
    imports,
    async providerHealth() {
      return (await status.providers()).map((p) => ({
        id: p.id,
        name: p.name,
        status: p.status,
        circuit: p.circuit,
      }));
    },
    knownGpu: (model) => gpuModel(model) !== null,
    knownProvider: (id) => Object.hasOwn(adapters, id),
    liveProvisioning: (provider) => liveProvisioningOf(adapters, settings, provider),
    routes: async (app) => {
      await app.register(catalogRoutes({ query, status, markupFor, now: () => clock.now() }));
      await app.register(
        catalogAdminRoutes({
          imports,
          status,
          async syncNow(provider) {
            if (!(provider in adapters)) return null;
            if (!shouldSync(provider))
              throw new AppError('conflict', {
                detail:
                  'This provider is disabled, or is fed by catalog files only in LIVE: import a file instead.',
              });
            return sync.syncProvider(provider, { fresh: true });
          },
        }),
      );
    },
    async start() {
      visible = new Set(Object.keys(adapters).filter(enabled));
      await repo.ensureProviders(
        Object.values(adapters).map((a) => ({
          id: a.id,
          name: a.name,
          kind: a.kind,
          supportsProvisioning: a.supportsProvisioning,
        })),
      );
      const byProvider = new Map<string, CatalogOffer[]>();
      for (const row of await repo.allOffers()) {
        const list = byProvider.get(row.provider) ?? [];
        list.push(toCatalogOffer(row));
        byProvider.set(row.provider, list);
      }
      for (const [provider, list] of byProvider)
        index.replaceProvider(provider, isVisible(provider) ? list : []);
      await subscribe();
      for (const p of await repo.providers()) seenSyncAt.set(p.id, p.lastSyncAt?.getTime() ?? 0);
      // Safety net for a lost announcement (broker down): reload what another instance changed.
      safetyTimer = setInterval(() => {
        if (!unsubscribe) void subscribe();
        void reloadChanged().catch((err: unknown) => logger.warn({ err }, 'catalog safety reload failed'));
      }, deps.safetyReloadMs ?? 60_000);
      safetyTimer.unref();
      // Turning a provider off hides its offers at once; turning it on shows what is stored.
      stopSettings = settings.onChange(() => {
        const next = new Set(Object.keys(adapters).filter(enabled));
        const changed = Object.keys(adapters).filter((id) => next.has(id) !== visible.has(id));
        visible = next;
        for (const id of changed)
          reloadProvider(id).catch((err: unknown) =>
            logger.warn({ err, provider: id }, 'catalog reload failed'),
          );
      });
      await deps.jobs.work<{ provider: string }>(SYNC_QUEUE, async (job) => {
        await sync.syncProvider(job.data.provider);
      });
      await deps.jobs.work(SYNC_TICK_QUEUE, tick);
      if (deps.autoSync !== false) await deps.jobs.schedule(SYNC_TICK_QUEUE, '* * * * *');
    },
    async afterStart() {
      if (deps.autoSync === false) return;
      await tick().catch((err: unknown) => logger.error({ err }, 'queuing the first provider syncs failed'));
    },
    async stop() {
      stopSettings?.();
      if (safetyTimer) clearInterval(safetyTimer);
      await unsubscribe?.();
    },
  };
}
