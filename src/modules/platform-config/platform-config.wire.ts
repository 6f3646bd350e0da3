import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../platform/clock/clock.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { Database } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { PubSub } from '../../platform/pubsub/index.js';
import { createPlatformConfigRepo } from './platform-config.repo.js';
import { platformConfigRoutes } from './platform-config.routes.js';
import { createPlatformConfigService, type PlatformConfigService } from './platform-config.service.js';
import {
  createSecretSyncHandler,
  SECRET_SYNC_QUEUE,
  type SecretStore,
  type SecretSyncJobData,
  secretSyncSendOptions,
} from './secret-store/index.js';
import { createPlatformSettings, type PlatformSettings } from './settings.js';
import { createValueCodec } from './values.js';

export interface PlatformConfigWiring {
  database: Database;
  secrets: SecretBox;
  pubsub: PubSub;
  jobs: Pick<JobQueue, 'work' | 'send'>;
  ids: IdGenerator;
  clock: Clock;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** `GPUBROKER_POD_ID`: the POD this process serves, created in SANDBOX on first start. */
  podId: string;
  /** The e-mail of a user id, for audit rows (from the identity module). */
  emailOf(userId: string): Promise<string | null>;
  /** Safety reload period of the settings snapshot. */
  refreshMs?: number;
  /** See `PlatformConfigDeps.liveReadiness`. */
  liveReadiness?: () => Array<{ path: string; message: string }>;
  /** Set (`SECRET_STORE`): secret parameters are mirrored there after each committed change. */
  secretStore?: SecretStore | null;
}

export interface PlatformConfigModule {
  /** What every other module reads: the mode and parameters of this POD, hot-reloaded. */
  settings: PlatformSettings;
  service: PlatformConfigService;
  /** `/config/pods/**`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
  /** Creates this POD when missing and loads its settings; before anything reads them. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function wirePlatformConfig(deps: PlatformConfigWiring): PlatformConfigModule {
  const repo = createPlatformConfigRepo(deps.database.db);
  const codec = createValueCodec(deps.secrets);
  const settings = createPlatformSettings({
    podId: deps.podId,
    repo,
    codec,
    pubsub: deps.pubsub,
    logger: deps.logger,
    ...(deps.refreshMs ? { refreshMs: deps.refreshMs } : {}),
  });
  const service = createPlatformConfigService({
    database: deps.database,
    repo,
    codec,
    ids: deps.ids,
    clock: deps.clock,
    currentPodId: deps.podId,
    ...(deps.liveReadiness ? { liveReadiness: deps.liveReadiness } : {}),
    async afterCommit(podId, changedSecrets) {
      await settings.announce(podId);
      if (!deps.secretStore) return;
      // After the commit: a job that ran earlier would read (and mirror) the old value.
      for (const { key, column } of changedSecrets) {
        const data: SecretSyncJobData = { pod_id: podId, key, mode: column };
        await deps.jobs.send(SECRET_SYNC_QUEUE, data, secretSyncSendOptions(data));
      }
    },
  });
  return {
    settings,
    service,
    routes: platformConfigRoutes({ service, currentPodId: deps.podId, emailOf: deps.emailOf }),
    async start() {
      await service.ensurePod(deps.podId);
      await settings.start();
      if (deps.secretStore)
        await deps.jobs.work<SecretSyncJobData>(
          SECRET_SYNC_QUEUE,
          createSecretSyncHandler({
            store: deps.secretStore,
            logger: deps.logger,
            async readSecret(podId, key, mode) {
              const row = await repo.parameter(podId, key);
              if (row?.parameterType !== 'secret') return null;
              const stored = mode === 'live' ? row.liveValue : row.sandboxValue;
              return codec.decode(podId, key, mode, 'secret', stored) as string | null;
            },
          }),
        );
    },
    stop: () => settings.stop(),
  };
}
