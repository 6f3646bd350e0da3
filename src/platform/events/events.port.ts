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
  /** Delivers a batch in order; rejects if any was not accepted (the relay retries the rest). */
  deliver(events: DomainEvent[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** In-process subscription to events the relay dispatches (embedded transport). */
export interface EventSubscriptions {
  /** `topic` may end in `.*` to match a prefix. Returns the unsubscribe. */
  subscribe(topic: string, handler: EventHandler): () => void;
}

export interface OutboxRelay {
  /** Starts polling (and reacting to enqueue notifications in this process). */
  start(): void;
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Dispatches everything pending now; returns how many events were delivered. */
  drain(): Promise<number>;
}
