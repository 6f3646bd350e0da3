import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Events } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { CatalogModule, ProviderContext } from '../catalog/index.js';
import type { PlatformSettings } from '../platform-config/index.js';
import { createDashboardService } from './dashboard.service.js';
import { allowAllSpend, createDeployService, DEPLOY_REQUESTED, type SpendGuard } from './deploy.service.js';
import { createDraftsService } from './drafts.service.js';
import { createIdempotencyRepo } from './idempotency.repo.js';
import { createPodActions } from './pod-actions.service.js';
import { createPodMail } from './pod-mail.js';
import { podView } from './pod-views.js';
import { createPodsRepo, type PodRow } from './pods.repo.js';
import { podsRoutes } from './pods.routes.js';
import type { PodMode } from './pods.tables.js';
import { createProvisionLease } from './provision-lease.js';
import { createProvisioner, type InstanceDriver } from './provisioner.js';
import { createSandboxProvisioning } from './sandbox-provisioning.js';

export const PROVISION_QUEUE = 'pod-provision';

export interface PodsWiring {
  database: Database;
  events: Events;
  jobs: JobQueue;
  mailer: Mailer;
  ids: IdGenerator;
  clock: Clock;
  logger: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    error(o: object, m: string): void;
  };
  settings: PlatformSettings;
  catalog: Pick<CatalogModule, 'index' | 'liveProvisioning' | 'providerHealth'>;
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  /** Public URL of the web app, for the activation link. */
  appBaseUrl: string;
  spend?: SpendGuard;
}

export interface PodsModule {
  /** `/pods/**`, `/dashboard`, `/activity`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
  /** Registers the provisioning worker and the deploy-requested subscriber (before the queue starts). */
  start(): Promise<void>;
  /** After the queue runs: re-queues provisioning of pods a stopped process left half-way. */
  afterStart(): Promise<void>;
  /** One provisioning step (tests drive the worker with it). */
  provisionStep(podId: string): Promise<{ done: boolean }>;
  /** The owner of a pod (real time lets only the owner follow `pod:<id>`); null for no such pod. */
  ownerOf(podId: string): Promise<string | null>;
}

export function wirePods(deps: PodsWiring): PodsModule {
  const { settings, clock, ids, logger } = deps;
  const db = deps.database.db;
  const repo = createPodsRepo(db);
  const index = deps.catalog.index;
  const num = (key: string) => settings.number(key);

  const sandboxContext = (): ProviderContext => ({
    http: {
      baseUrl: 'sandbox:',
      request: async () => {
        throw new Error('the SANDBOX provider makes no HTTP calls');
      },
    },
    credential: null,
    signal: new AbortController().signal,
    usdPerEur: num('catalog.usd_per_eur'),
  });

  const drivers = {
    for(pod: PodRow): InstanceDriver {
      if (pod.mode === 'SANDBOX') {
        return {
          adapter: createSandboxProvisioning({
            db,
            clock,
            provider: pod.provider,
            offerOf: (providerOfferId) =>
              providerOfferId === pod.providerOfferId ? index.get(pod.offerId) : undefined,
            faults: () => ({
              delayMs: num('pods.sandbox.provision_delay_ms'),
              // Catalog-only providers (imported files) have no parameters of their own: no faults.
              capacityRate: Number(settings.get(`providers.${pod.provider}.sim.capacity_rate`) ?? 0),
              errorRate: Number(settings.get(`providers.${pod.provider}.sim.error_rate`) ?? 0),
            }),
          }),
          context: sandboxContext,
        };
      }
      const live = deps.catalog.liveProvisioning(pod.provider);
      if (!live)
        throw new AppError('provider_unavailable', {
          detail: `${pod.provider} has no provisioning API here.`,
        });
      return live;
    },
  };
  const canProvision = (provider: string, mode: PodMode) =>
    mode === 'SANDBOX' || deps.catalog.liveProvisioning(provider) !== null;

  const idempotency = createIdempotencyRepo();
  const viewOf = async (pod: { id: string; userId: string }) => {
    const row = await repo.pod(pod.id, pod.userId);
    if (!row) throw new AppError('not_found', { detail: 'No such pod.' });
    return podView(row, await repo.history([row.id]));
  };
  const deploy = createDeployService({
    database: deps.database,
    repo,
    idempotency,
    offers: index,
    outbox: deps.events.outbox,
    spend: deps.spend ?? allowAllSpend,
    settings: {
      mode: () => settings.mode(),
      markupPercent: (plan) => num(`markup_percent.${plan}`),
      maxRunningPods: (plan) => num(`limits.max_running_pods.${plan}`),
      storageUsdPerGbMonth: () => num('pods.storage_usd_per_gb_month'),
      failoverPriceHeadroomPercent: () => num('pods.failover_price_headroom_percent'),
      canProvision,
    },
    ids,
    clock,
    view: async (pod, exec) => podView(pod, await repo.history([pod.id], exec)),
  });
  const drafts = createDraftsService({
    repo,
    offers: index,
    limits: () => ({
      minStorageGb: 1,
      maxStorageGb: num('pods.max_storage_gb'),
      defaultStorageGb: num('pods.default_storage_gb'),
      defaultImage: settings.string('pods.default_image') ?? 'ubuntu:22.04',
      defaultPorts: [22, 8888],
      maxPorts: 20,
    }),
    markupPercent: (plan) => num(`markup_percent.${plan}`),
    storageUsdPerGbMonth: () => num('pods.storage_usd_per_gb_month'),
    ids,
    clock,
  });

  const actions = createPodActions({
    database: deps.database,
    repo,
    drivers,
    outbox: deps.events.outbox,
    ids,
    clock,
    activationTtlMs: () => num('pods.activation_token_ttl_hours') * 3_600_000,
    mail: createPodMail({
      mailer: deps.mailer,
      contactOf: deps.contactOf,
      appBaseUrl: deps.appBaseUrl,
      logger,
    }),
  });

  // The activation token is made in the ready transaction; its clear value waits here for the mail.
  const pendingActivation = new Map<string, { token: string; expiresAt: Date }>();
  const provisioner = createProvisioner({
    database: deps.database,
    repo,
    outbox: deps.events.outbox,
    lease: createProvisionLease(db),
    drivers,
    nextOffer(pod, tried) {
      const page = index.query({
        sort: 'value',
        limit: 100,
        gpuModels: [pod.gpuModel],
        minGpuCount: pod.gpuCount,
        maxGpuCount: pod.gpuCount,
        available: true,
        maxPrice: pod.maxPricePerHourMicros / 1e6,
      });
      const candidate = page.items.find(
        (i) => !tried.includes(i.offer.id) && canProvision(i.offer.provider, pod.mode),
      );
      return candidate?.offer ?? null;
    },
    settings: {
      maxAttempts: () => num('pods.failover_max_attempts'),
      timeoutMs: (provider) => {
        const own = settings.get(`providers.${provider}.provision_timeout_seconds`);
        return (typeof own === 'number' ? own : num('pods.provision_timeout_seconds')) * 1000;
      },
      pollSeconds: () => num('pods.poll_seconds'),
      // A step makes at most three provider calls (find, create, get), each bounded by the call timeout.
      leaseMs: () => 3 * num('catalog.provider_timeout_ms') + 5_000,
    },
    async onReady(pod, tx) {
      pendingActivation.set(pod.id, await actions.issueActivation(pod, tx));
    },
    async afterReady(pod) {
      const issued = pendingActivation.get(pod.id);
      pendingActivation.delete(pod.id);
      if (issued) await actions.mailActivation(pod, issued.token, issued.expiresAt);
    },
    async onFailed(pod, tx) {
      await repo.addActivity(
        {
          id: ids.newId('event'),
          userId: pod.userId,
          action: 'pod.failed',
          targetType: 'pod',
          targetId: pod.id,
          detail: { name: pod.name, reason: pod.statusDetail },
          at: clock.now(),
        },
        tx,
      );
    },
    ids,
    clock,
    logger,
  });

  // A lease owner per step, not per process: two jobs of one pod in this process exclude each other too.
  const worker = `worker-${randomUUID().slice(0, 8)}`;
  const stepOwner = () => `${worker}:${randomUUID()}`;
  async function provisionStep(podId: string) {
    const outcome = await provisioner.step(podId, stepOwner());
    return outcome.done ? { done: true } : { done: false, afterSeconds: outcome.afterSeconds };
  }
  const queueProvision = (podId: string, afterSeconds = 0) =>
    deps.jobs.send(
      PROVISION_QUEUE,
      { podId },
      {
        singletonKey: podId,
        ...(afterSeconds > 0 ? { startAfterSeconds: afterSeconds } : {}),
        retryLimit: 5,
        retryDelaySeconds: 2,
        retryBackoff: true,
        expireInSeconds: 120,
      },
    );

  const dashboard = createDashboardService({
    repo,
    clock,
    providerHealth: () => deps.catalog.providerHealth(),
    ...(deps.spend?.totals ? { meteredSpend: deps.spend.totals } : {}),
  });
  const pods = {
    async view(userId: string, id: string) {
      return viewOf({ id, userId });
    },
    async list(userId: string, q: { limit: number; cursor?: string; status?: PodRow['status'] }) {
      const page = await repo.pods(userId, q);
      const history = await repo.historyByPod(page.items.map((p) => p.id));
      return {
        items: page.items.map((p) => podView(p, history.get(p.id) ?? [])),
        next_cursor: page.nextCursor,
      };
    },
    viewOf,
  };

  return {
    routes: podsRoutes({ drafts, deploy, actions, pods, dashboard }),
    async start() {
      deps.events.subscriptions.subscribe(DEPLOY_REQUESTED, async (event) => {
        await queueProvision((event.payload as { pod_id: string }).pod_id);
      });
      await deps.jobs.work<{ podId: string }>(PROVISION_QUEUE, async (job) => {
        // Steps that need no wait (a fail-over) run on at once; a wait re-queues the pod.
        for (let i = 0; i < 10; i++) {
          const outcome = await provisioner.step(job.data.podId, stepOwner());
          if (outcome.done) return;
          if (outcome.afterSeconds > 0) {
            await queueProvision(job.data.podId, outcome.afterSeconds);
            return;
          }
        }
        await queueProvision(job.data.podId, 1);
      });
    },
    async afterStart() {
      for (const pod of await repo.podsIn(['pending', 'provisioning'])) await queueProvision(pod.id);
    },
    provisionStep,
    async ownerOf(podId) {
      return (await repo.pod(podId, null))?.userId ?? null;
    },
  };
}
