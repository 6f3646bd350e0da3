import type { Clock } from '../clock/clock.js';
import type { Database } from '../db/index.js';
import type { IdGenerator } from '../ids/ids.js';
import type { EventSubscriptions, EventTransport, Outbox, OutboxRelay } from './events.port.js';
import { createInProcessTransport } from './in-process.transport.js';
import { createKafkaTransport, type KafkaTransportOptions } from './kafka.transport.js';
import { createOutboxRepo } from './outbox.repo.js';
import { createOutboxRelay, type RelayLogger } from './relay.js';

export type {
  DomainEvent,
  EventHandler,
  EventSubscriptions,
  EventTransport,
  NewEvent,
  Outbox,
  OutboxRelay,
} from './events.port.js';
export { DeliveryError } from './events.port.js';
export { createInProcessTransport, topicMatches } from './in-process.transport.js';
export {
  createKafkaTransport,
  KAFKA_TOPIC_PREFIX,
  type KafkaTransportOptions,
  toKafkaMessage,
} from './kafka.transport.js';
export { createOutboxRepo, type OutboxRepo, type SettleOutcome } from './outbox.repo.js';
export { outboxEvents } from './outbox.tables.js';
export { createOutboxRelay, type RelayLogger } from './relay.js';

export interface EventsOptions {
  database: Pick<Database, 'transaction'>;
  clock: Clock;
  ids?: IdGenerator;
  /** Set (with at least one broker) to publish to Kafka / MSK; unset = in-process only. */
  kafka?: KafkaTransportOptions;
  relay?: { pollIntervalMs?: number; batchSize?: number; leaseMs?: number };
  /** Retry backoff of a failed event: `min(maxMs, baseMs * 2^(attempts-1))`. */
  backoff?: { baseMs?: number; maxMs?: number };
  logger?: RelayLogger;
}

export interface Events {
  /** Write events inside the transaction of the change they describe. */
  outbox: Outbox;
  /** Handlers in this process; they receive the events this process's relay dispatches. */
  subscriptions: EventSubscriptions;
  transport: EventTransport;
  relay: OutboxRelay;
  /**
   * Housekeeping: deletes events dispatched more than `retainMs` ago, in batches, and returns how
   * many. Undelivered events are never deleted.
   */
  pruneDispatched(retainMs: number): Promise<number>;
  /** Stops the relay (waiting for its batch) and closes the transport. */
  close(): Promise<void>;
}

/**
 * Kafka first (the durable, shared record), then this process's subscribers, so in-process
 * reactions (e.g. "deploy requested → queue the provisioning job") work the same whether or not
 * Kafka is configured. A Kafka failure delivers nothing; a local handler failure re-sends the
 * rest to Kafka on retry (consumers dedupe by `event-id`).
 */
function kafkaThenLocal(kafka: EventTransport, local: EventTransport): EventTransport {
  return {
    kind: 'kafka',
    async deliver(events) {
      await kafka.deliver(events);
      await local.deliver(events);
    },
    ping: () => kafka.ping(),
    async close() {
      await Promise.allSettled([kafka.close(), local.close()]);
    },
  };
}

/**
 * The events platform of one process: the outbox to write into, in-process subscriptions, the
 * transport (in-process, or Kafka then in-process when `kafka.brokers` is set) and the relay.
 * The caller starts the relay (`relay.start()`) once subscribers are registered and calls
 * `close()` at shutdown. `outbox.enqueue` also wakes the relay: on PGlite the relay's read waits
 * for the enqueuing transaction and sees the row at once; on PostgreSQL a wake-up before the
 * commit finds nothing and the row goes out on the next poll (`relay.pollIntervalMs`, 250 ms),
 * unless the caller calls `relay.notify()` after committing.
 */
const PRUNE_BATCH = 1_000;

export function createEvents(options: EventsOptions): Events {
  const repo = createOutboxRepo({
    database: options.database,
    clock: options.clock,
    ids: options.ids,
    leaseMs: options.relay?.leaseMs,
    backoff: options.backoff,
  });
  const local = createInProcessTransport();
  const transport =
    options.kafka && options.kafka.brokers.length > 0
      ? kafkaThenLocal(createKafkaTransport(options.kafka), local)
      : local;
  const relay = createOutboxRelay({
    repo,
    transport,
    pollIntervalMs: options.relay?.pollIntervalMs,
    batchSize: options.relay?.batchSize,
    logger: options.logger,
  });
  let closed = false;

  return {
    outbox: {
      async enqueue(exec, event) {
        const id = await repo.enqueue(exec, event);
        relay.notify();
        return id;
      },
    },
    subscriptions: { subscribe: (topic, handler) => local.subscribe(topic, handler) },
    transport,
    relay,
    async pruneDispatched(retainMs) {
      const before = new Date(options.clock.nowMs() - retainMs);
      let total = 0;
      for (;;) {
        const n = await repo.pruneDispatched(before, PRUNE_BATCH);
        total += n;
        if (n < PRUNE_BATCH) return total;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await relay.stop();
      await transport.close();
    },
  };
}
