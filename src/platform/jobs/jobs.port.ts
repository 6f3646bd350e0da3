/**
 * Durable background jobs (pg-boss on PGlite or PostgreSQL): provisioning steps, invoice runs,
 * provider syncs. A job survives a crash of the process that queued or ran it. Delivery is
 * at-least-once: a handler may run again for a job whose earlier attempt died mid-way, so
 * handlers are idempotent by their data (e.g. the pod id).
 */
export interface SendOptions {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
  /**
   * At most one job with this key waiting to start (state `created`) per queue name: a second
   * `send` returns null while the first has not started. A running or retrying job does not block.
   */
  singletonKey?: string;
  /** Attempts after the first; default 2. */
  retryLimit?: number;
  /** Whole seconds before a retry (default 0; at least 1 with `retryBackoff`). */
  retryDelaySeconds?: number;
  /** Exponential backoff between retries: about `retryDelaySeconds * 2^retry`, with jitter. */
  retryBackoff?: boolean;
  /**
   * Seconds before a running job is considered stuck and failed (then retried); default 15
   * minutes, at most 24 hours. The handler's promise is abandoned at that point, not cancelled.
   */
  expireInSeconds?: number;
}

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
}

export interface JobQueue {
  /** Queues a job; returns its id, or null when a singleton with the same key is already queued. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /**
   * Registers the handler for `name`; a thrown error fails the attempt (retried per options).
   * May be called before `start()`: the worker begins with the queue.
   */
  work<T>(name: string, handler: (job: Job<T>) => Promise<void>): Promise<void>;
  /**
   * Cron schedule (`*\/5 * * * *`, minute granularity), UTC; one run per tick across all
   * instances, and a tick is skipped while the previous tick's job has not started. May be
   * called before `start()`. Re-scheduling a name replaces its cron and data.
   */
  schedule<T extends object>(name: string, cron: string, data?: T): Promise<void>;
  /** Installs or migrates the job tables when needed, then starts workers, cron and maintenance. */
  start(): Promise<void>;
  /** Stops fetching and waits (up to the graceful timeout) for running handlers. */
  stop(): Promise<void>;
  /** Rejects when the database is unreachable or the job tables are missing. */
  ping(): Promise<void>;
}
