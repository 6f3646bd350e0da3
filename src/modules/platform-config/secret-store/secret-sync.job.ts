import type { SendOptions } from '../../../platform/jobs/index.js';
import type { SecretMode, SecretStore } from './secret-store.port.js';

/** pg-boss queue of the sync (queue names: letters, digits, `_`, `-`). */
export const SECRET_SYNC_QUEUE = 'platform-config-secret-sync';

export interface SecretSyncJobData {
  pod_id: string;
  key: string;
  mode: SecretMode;
}

/**
 * Options for `jobs.send(SECRET_SYNC_QUEUE, data, secretSyncSendOptions(data))`. The singleton key
 * collapses a burst of edits of one secret into one waiting job: the job reads the value when it
 * runs, so the waiting one already carries the latest edit.
 */
export function secretSyncSendOptions(data: SecretSyncJobData): SendOptions {
  return {
    singletonKey: `secret-sync:${data.pod_id}:${data.mode}:${data.key}`,
    retryLimit: 10,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: 300,
  };
}

export interface SecretSyncLogger {
  info(obj: object, msg: string): void;
}

export interface SecretSyncDeps {
  store: SecretStore;
  /**
   * The clear value of the secret for that mode as committed in the database now, or null when
   * the parameter is unset or deleted. An empty string counts as unset (neither AWS store keeps one).
   */
  readSecret(podId: string, key: string, mode: SecretMode): Promise<string | null>;
  logger: SecretSyncLogger;
}

function isJobData(data: unknown): data is SecretSyncJobData {
  const d = data as Partial<SecretSyncJobData> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.pod_id === 'string' &&
    d.pod_id !== '' &&
    typeof d.key === 'string' &&
    d.key !== '' &&
    (d.mode === 'sandbox' || d.mode === 'live')
  );
}

/**
 * The handler of SECRET_SYNC_QUEUE: makes the store match the database for one (POD, key, mode).
 * It carries no value in the job — it reads the current one at run time — so retries and late
 * duplicates converge on the committed state and never write a stale value. Failures throw
 * (pg-boss retries with backoff); the value is never logged.
 */
export function createSecretSyncHandler(deps: SecretSyncDeps) {
  const { store, readSecret, logger } = deps;
  return async (job: { data: SecretSyncJobData }): Promise<void> => {
    if (!isJobData(job.data)) throw new Error('secret-sync job data must be { pod_id, key, mode }');
    const { pod_id: podId, key, mode } = job.data;
    const ref = { podId, key, mode };
    const value = await readSecret(podId, key, mode);
    if (value === null || value === '') {
      await store.delete(ref);
      logger.info({ pod_id: podId, key, mode, store: store.kind, action: 'delete' }, 'secret store synced');
    } else {
      await store.put(ref, value);
      logger.info({ pod_id: podId, key, mode, store: store.kind, action: 'put' }, 'secret store synced');
    }
  };
}
