/**
 * Durable background jobs (pg-boss on PGlite or PostgreSQL): provisioning steps, invoice runs,
 * provider syncs. A job survives a crash of the process that queued or ran it.
 */
export interface SendOptions {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
  /** At most one queued job with this key at a time (e.g. the pod id). */
  singletonKey?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Exponential backoff between retries. */
  retryBackoff?: boolean;
  /** Seconds before a running job is considered stuck and retried. */
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
  /** Registers the handler for `name`; a thrown error fails the attempt (retried per options). */
  work<T>(name: string, handler: (job: Job<T>) => Promise<void>): Promise<void>;
  /** Cron schedule (`*\/5 * * * *`), UTC; one run per tick across all instances. */
  schedule<T extends object>(name: string, cron: string, data?: T): Promise<void>;
  start(): Promise<void>;
  /** Stops fetching and waits (up to the graceful timeout) for running handlers. */
  stop(): Promise<void>;
  ping(): Promise<void>;
}
