import kafkajs, {
  type ProducerBatch,
  type ProducerConfig,
  type SASLOptions,
  type TopicMessages,
} from 'kafkajs';
import type { DomainEvent, EventTransport } from './events.port.js';

/** Every outbox topic `pod.ready` is published to the Kafka topic `gpubroker.pod.ready`. */
export const KAFKA_TOPIC_PREFIX = 'gpubroker.';

/** The slice of a kafkajs producer the transport uses (a kafkajs `Producer` satisfies it). */
export interface KafkaProducerLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  sendBatch(batch: ProducerBatch): Promise<unknown>;
}

/** The slice of a kafkajs admin client the transport uses for `ping`. */
export interface KafkaAdminLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  describeCluster(): Promise<unknown>;
}

/** The SDK boundary: a kafkajs `Kafka` instance satisfies it. */
export interface KafkaClientLike {
  producer(config: ProducerConfig): KafkaProducerLike;
  admin(): KafkaAdminLike;
}

export interface KafkaTransportOptions {
  /** `host:port` pairs (`KAFKA_BROKERS`). */
  brokers: string[];
  clientId?: string;
  /** TLS to the brokers; MSK with IAM requires it. */
  ssl?: boolean;
  /**
   * SASL, passed to kafkajs as is. MSK IAM (`KAFKA_SASL=aws-iam`) is OAUTHBEARER with a token the
   * caller signs — e.g. with the `aws-msk-iam-sasl-signer-js` package, which this module does not
   * depend on:
   *   { mechanism: 'oauthbearer',
   *     oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }) }
   * together with `ssl: true`. kafkajs calls the provider again before the token expires.
   */
  sasl?: SASLOptions;
  /** Request timeout of one batch send. */
  sendTimeoutMs?: number;
  /** An already built client (tests pass one whose producer records the batches). */
  kafka?: KafkaClientLike;
}

/**
 * The Kafka record of one event: topic `gpubroker.<topic>`, the aggregate key as the record key
 * (one aggregate → one partition → its order kept), the event as a JSON value, and headers
 * `event-id` (the consumers' dedupe key) and `content-type`. The event's own headers are copied
 * too but cannot override those two.
 */
export function toKafkaMessage(event: DomainEvent): TopicMessages {
  return {
    topic: `${KAFKA_TOPIC_PREFIX}${event.topic}`,
    messages: [
      {
        key: event.key,
        value: JSON.stringify({
          id: event.id,
          topic: event.topic,
          key: event.key,
          payload: event.payload,
          created_at: event.createdAt.toISOString(),
        }),
        timestamp: String(event.createdAt.getTime()),
        headers: { ...event.headers, 'event-id': event.id, 'content-type': 'application/json' },
      },
    ],
  };
}

/** Groups records by topic, keeping batch order within each topic (order only matters per partition). */
export function toProducerBatch(events: DomainEvent[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const event of events) {
    const record = toKafkaMessage(event);
    const existing = byTopic.get(record.topic);
    if (existing) existing.messages.push(...record.messages);
    else byTopic.set(record.topic, record);
  }
  return [...byTopic.values()];
}

/**
 * Publishes outbox events to Kafka / MSK. The producer is idempotent with one request in flight
 * and waits for all in-sync replicas (acks -1), so a retried send neither duplicates nor reorders
 * records within a partition during one producer session; a relay retry after a failed send may
 * still duplicate (consumers dedupe by `event-id`). A batch is all or nothing for the relay.
 * Connects lazily on the first delivery.
 */
export function createKafkaTransport(options: KafkaTransportOptions): EventTransport {
  const client: KafkaClientLike =
    options.kafka ??
    new kafkajs.Kafka({
      brokers: options.brokers,
      clientId: options.clientId ?? 'gpubroker',
      ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
      ...(options.sasl ? { sasl: options.sasl } : {}),
      logLevel: kafkajs.logLevel.WARN,
    });
  const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
  let admin: KafkaAdminLike | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  function connect(): Promise<void> {
    connecting ??= producer.connect().catch((err) => {
      connecting = undefined; // the next delivery tries again
      throw err;
    });
    return connecting;
  }

  return {
    kind: 'kafka',

    async deliver(events) {
      if (closed) throw new Error('the Kafka transport is closed');
      if (events.length === 0) return;
      await connect();
      await producer.sendBatch({
        topicMessages: toProducerBatch(events),
        acks: -1,
        timeout: options.sendTimeoutMs ?? 30_000,
      });
    },

    async ping() {
      if (!admin) {
        const created = client.admin();
        await created.connect();
        admin = created;
      }
      await admin.describeCluster();
    },

    async close() {
      if (closed) return;
      closed = true;
      const pending: Promise<void>[] = [];
      if (connecting) pending.push(connecting.then(() => producer.disconnect()));
      if (admin) pending.push(admin.disconnect());
      await Promise.allSettled(pending);
    },
  };
}
