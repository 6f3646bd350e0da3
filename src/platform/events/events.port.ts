import type { DbExecutor } from '../db/index.js';

/**
 * Domain events through a transactional outbox. A service writes its change and `outbox.enqueue`
 * in ONE transaction; a relay later reads undispatched rows in order and hands them to the
 * transport: in-process subscribers (embedded) or Kafka (production, `KAFKA_BROKERS`).
 * Delivery is at-least-once: consumers dedupe by `event.id`.
 */
export interface DomainEvent<P = unknown> {
  /** `evt_…`, time-sortable; the dedupe key for consumers. */
  id: string;
  /** Dotted name, e.g. `pod.deploy_requested`. */
  topic: string;
  /** Aggregate id (e.g. the pod id): per-key order is preserved. */
  key: string;
  payload: P;
  headers: Record<string, string>;
  createdAt: Date;
}

export interface NewEvent<P = unknown> {
  topic: string;
  key: string;
  payload: P;
  headers?: Record<string, string>;
}

export interface Outbox {
  /** Writes the event row with the caller's transaction (or database). Returns the event id. */
  enqueue<P>(exec: DbExecutor, event: NewEvent<P>): Promise<string>;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

/** Where the relay delivers events. */
export interface EventTransport {
  readonly kind: 'in-process' | 'kafka';
  /**
   * Delivers a batch in order. Rejects if any event was not accepted — with a `DeliveryError`
   * when the transport knows how many leading events were accepted (the relay marks those and
   * retries the rest); any other rejection means none of the batch counts as delivered.
   */
  deliver(events: DomainEvent[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A partial delivery: `events[0..delivered)` were accepted, `events[delivered]` failed with `cause`. */
export class DeliveryError extends Error {
  constructor(
    readonly delivered: number,
    readonly eventId: string,
    override readonly cause: unknown,
  ) {
    super(`delivery of ${eventId} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DeliveryError';
  }
}

/** In-process subscription to events the relay dispatches (embedded transport). */
export interface EventSubscriptions {
  /**
   * `topic` is an exact topic, a prefix pattern ending in `.*` (`pod.*` matches `pod.ready` and
   * `pod.deploy.failed`) or `*` for every topic. Handlers of one event run one after another in
   * subscription order. Returns the unsubscribe.
   */
  subscribe(topic: string, handler: EventHandler): () => void;
}

export interface OutboxRelay {
  /** Starts polling (and reacting to enqueue notifications in this process). Idempotent. */
  start(): void;
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
  /**
   * Dispatches everything pending now (events in backoff or leased by another relay excepted);
   * returns how many events were delivered. Concurrent calls run one after another.
   */
  drain(): Promise<number>;
  /** Wakes the polling loop early: call it after committing a transaction that enqueued events. */
  notify(): void;
}
