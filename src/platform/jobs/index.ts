export type { Job, JobQueue, SendOptions } from './jobs.port.js';
export {
  createJobQueue,
  type JobQueueOptions,
  type JobsLogger,
  MIN_POLL_INTERVAL_MS,
  toPgBossSendOptions,
} from './pgboss.queue.js';
export { createPgBossDb, toImplicitTransaction } from './pgboss-db.js';
