import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from '../db/index.js';
import type { Job, JobQueue, SendOptions } from './jobs.port.js';
import { createPgBossDb } from './pgboss-db.js';

/** pg-boss refuses polling intervals under 500 ms. */
export const MIN_POLL_INTERVAL_MS = 500;
/** The singleton key of cron-fired jobs: a tick is skipped while the previous one is still queued. */
const CRON_SINGLETON_KEY = 'cron';

/** The slice of a pino logger the queue uses. */
export interface JobsLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobQueueOptions {
  database: Pick<Database, 'executeSql'>;
  /** PostgreSQL schema of pg-boss's tables. */
  schema?: string;
  /** How often an idle worker looks for due jobs (≥ 500 ms). `send` in this process wakes it at once. */
  pollIntervalMs?: number;
  /** How long `stop()` waits for running handlers before failing them (they are retried later). */
  stopTimeoutMs?: number;
  /**
   * Cron: how often schedules are evaluated (1–45 s, default 30) and how often the internal queue
   * that turns a tick into a job is polled (1–45 s, default 5). A tick's job therefore starts up to
   * about `monitorIntervalSeconds + workerIntervalSeconds + pollInterval` after its minute.
   */
  cron?: { monitorIntervalSeconds?: number; workerIntervalSeconds?: number };
  /** Expiry of stuck jobs and archiving of finished ones (default 120 s). */
  maintenanceIntervalSeconds?: number;
  logger?: JobsLogger;
}

/**
 * Maps the port's options to pg-boss's. Every job gets a singleton key, because queues use
 * pg-boss's `short` policy — its unique index allows one `created` job per (name, key), which is
 * exactly the port's "at most one queued job with this key" — and a job without a key of its own
 * would otherwise share the empty key with every other. Absent options stay absent: pg-boss
 * validates any option key that is present, even with an undefined value.
 */
export function toPgBossSendOptions(
  options: SendOptions,
  newKey: () => string = randomUUID,
): PgBoss.SendOptions {
  const mapped: PgBoss.SendOptions = { singletonKey: options.singletonKey ?? `job:${newKey()}` };
  if (options.startAfterSeconds !== undefined && options.startAfterSeconds > 0) {
    mapped.startAfter = options.startAfterSeconds;
  }
  if (options.retryLimit !== undefined) mapped.retryLimit = options.retryLimit;
  if (options.retryDelaySeconds !== undefined) mapped.retryDelay = options.retryDelaySeconds;
  if (options.retryBackoff !== undefined) mapped.retryBackoff = options.retryBackoff;
  if (options.expireInSeconds !== undefined) mapped.expireInSeconds = options.expireInSeconds;
  return mapped;
}

/**
 * Jobs on pg-boss 10 over the Database port (PGlite or PostgreSQL). pg-boss gets no connection
 * string: its SQL goes through `database.executeSql` (see pgboss-db.ts for the one change that
 * makes its scripts safe on a single connection). Queues are created lazily, per name, before
 * the first send, work or schedule. The returned `boss` is for tests and operations tooling.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue & { readonly boss: PgBoss } {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  if (pollIntervalMs < MIN_POLL_INTERVAL_MS) {
    throw new RangeError(`pollIntervalMs must be at least ${MIN_POLL_INTERVAL_MS} (pg-boss's minimum)`);
  }
  const stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
  const schema = options.schema ?? 'pgboss';
  const logger: JobsLogger = options.logger ?? {
    warn: (obj, msg) => console.warn(msg, obj),
    error: (obj, msg) => console.error(msg, obj),
  };
  const db = createPgBossDb(options.database);
  const boss = new PgBoss({
    db: db as PgBoss.Db,
    schema,
    migrate: true,
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120,
    cronMonitorIntervalSeconds: options.cron?.monitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: options.cron?.workerIntervalSeconds ?? 5,
  });

  let started = false;
  let stopped = false;
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const deferred: Array<() => Promise<void>> = [];
  const queues = new Map<string, Promise<void>>();
  const workerIds = new Map<string, string[]>();
  const inFlight = new Set<Promise<unknown>>();

  // Without a listener an 'error' event would crash the process. After stop, stragglers (a
  // poll that was already running) may hit a closed database: expected, not worth a log line.
  boss.on('error', (err) => {
    if (!stopped) logger.error({ err }, 'pg-boss error');
  });

  function ensureQueue(name: string): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      created = boss.createQueue(name, { name, policy: 'short' }).catch((err: unknown) => {
        queues.delete(name);
        throw err;
      });
      queues.set(name, created);
    }
    return created;
  }

  /** Runs now when started, else when `start()` runs. */
  async function whenStarted(register: () => Promise<void>): Promise<void> {
    if (started) await register();
    else deferred.push(register);
  }

  return {
    boss,

    async send(name, data, sendOptions = {}) {
      if (!started) throw new Error(`job queue not started: cannot send ${name}`);
      await ensureQueue(name);
      const id = await boss.send(name, data, toPgBossSendOptions(sendOptions));
      // Wake this process's workers rather than leave the job to their next poll.
      if (id) for (const workerId of workerIds.get(name) ?? []) boss.notifyWorker(workerId);
      return id;
    },

    work<T>(name: string, handler: (job: Job<T>) => Promise<void>) {
      return whenStarted(async () => {
        await ensureQueue(name);
        const pollingIntervalSeconds = pollIntervalMs / 1000;
        const workerId = await boss.work<T>(name, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
          if (!job) return;
          const run = handler({ id: job.id, name: job.name, data: job.data });
          inFlight.add(run);
          try {
            await run;
          } catch (err) {
            logger.warn({ err, job: job.id, queue: name }, 'job attempt failed');
            throw err;
          } finally {
            inFlight.delete(run);
          }
        });
        workerIds.set(name, [...(workerIds.get(name) ?? []), workerId]);
      });
    },

    schedule(name, cron, data) {
      return whenStarted(async () => {
        await ensureQueue(name);
        await boss.schedule(name, cron, data ?? {}, { tz: 'UTC', singletonKey: CRON_SINGLETON_KEY });
      });
    },

    start() {
      starting ??= (async () => {
        await boss.start();
        started = true;
        for (const register of deferred.splice(0)) await register();
      })();
      return starting;
    },

    stop() {
      stopping ??= (async () => {
        if (!starting) return;
        await starting.catch(() => {});
        const deadline = Date.now() + stopTimeoutMs;
        // pg-boss stops fetching, then polls every 500 ms until its workers are idle or the
        // timeout passes, then fails whatever is still running (those jobs are retried later).
        await boss.stop({ graceful: true, wait: true, close: false, timeout: stopTimeoutMs });
        // A job fetched while stop began runs anyway; wait for it within the same deadline.
        const remainingMs = Math.max(0, deadline - Date.now());
        if (inFlight.size > 0) {
          await Promise.race([
            Promise.allSettled([...inFlight]),
            new Promise((resolve) => setTimeout(resolve, remainingMs).unref()),
          ]);
        }
        await db.idle(); // the completion pg-boss fires without awaiting it
        stopped = true;
      })();
      return stopping;
    },

    async ping() {
      await options.database.executeSql(`select version from ${schema}.version`);
    },
  };
}
