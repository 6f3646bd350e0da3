import type { Events } from '../platform/events/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import type { Logger } from '../platform/observability/logger.js';

/** Delivered outbox events are kept this long for investigation, then deleted. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3600_000;
export const OUTBOX_PRUNE_JOB = 'platform.outbox-prune';

/**
 * Platform housekeeping as cron jobs (one run per tick across all instances, via pg-boss):
 * today, pruning delivered outbox events so the table stays small.
 */
export async function registerHousekeeping(deps: { jobs: JobQueue; events: Events; logger: Logger }) {
  await deps.jobs.work(OUTBOX_PRUNE_JOB, async () => {
    const deleted = await deps.events.pruneDispatched(OUTBOX_RETENTION_MS);
    deps.logger.info({ deleted, retention_ms: OUTBOX_RETENTION_MS }, 'outbox pruned');
  });
  await deps.jobs.schedule(OUTBOX_PRUNE_JOB, '17 * * * *');
}
