import type { ProducerBatch, ProducerConfig } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './events.port.js';
import { createKafkaTransport, type KafkaClientLike, toKafkaMessage } from './kafka.transport.js';

const createdAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
const event = (
  id: string,
  topic: string,
  key: string,
  headers: Record<string, string> = {},
): DomainEvent => ({
  id,
  topic,
  key,
  payload: { n: id },
  headers,
  createdAt,
});

/** A client at the SDK boundary that records what the transport asks of it (no broker runs here). */
function recordingClient(options: { failConnects?: number; failSend?: boolean } = {}) {
  const log = {
    producerConfigs: [] as ProducerConfig[],
    batches: [] as ProducerBatch[],
    connects: 0,
    disconnects: 0,
    described: 0,
  };
  let failConnects = options.failConnects ?? 0;
  const client: KafkaClientLike = {
    producer(config) {
      log.producerConfigs.push(config);
      return {
        async connect() {
          log.connects++;
          if (failConnects-- > 0) throw new Error('broker unreachable');
        },
        async disconnect() {
          log.disconnects++;
        },
        async sendBatch(batch) {
          if (options.failSend) throw new Error('NOT_ENOUGH_REPLICAS');
          log.batches.push(structuredClone(batch));
          return [];
        },
      };
    },
    admin: () => ({
      connect: async () => {},
      disconnect: async () => {},
      describeCluster: async () => {
        log.described++;
        return { brokers: [], controller: null, clusterId: 'c' };
      },
    }),
  };
  return { client, log };
}

describe('toKafkaMessage', () => {
  it('maps an event to a gpubroker.-prefixed topic keyed by the aggregate, with a JSON value and headers', () => {
    const record = toKafkaMessage(event('evt_1', 'pod.ready', 'pod_9', { 'trace-id': 'abc' }));
    expect(record).toEqual({
      topic: 'gpubroker.pod.ready',
      messages: [
        {
          key: 'pod_9',
          value: expect.any(String),
          timestamp: String(createdAt.getTime()),
          headers: { 'event-id': 'evt_1', 'content-type': 'application/json', 'trace-id': 'abc' },
        },
      ],
    });
    expect(JSON.parse(record.messages[0]!.value as string)).toEqual({
      id: 'evt_1',
      topic: 'pod.ready',
      key: 'pod_9',
      payload: { n: 'evt_1' },
      created_at: '2026-01-02T03:04:05.006Z',
    });
  });

  it('does not let event headers override the dedupe and content-type headers', () => {
    const record = toKafkaMessage(
      event('evt_1', 't', 'k', { 'event-id': 'forged', 'content-type': 'text/plain' }),
    );
    expect(record.messages[0]!.headers).toEqual({ 'event-id': 'evt_1', 'content-type': 'application/json' });
  });
});

describe('kafka transport', () => {
  it('creates an idempotent producer with one request in flight', () => {
    const { client, log } = recordingClient();
    createKafkaTransport({ brokers: ['b:9092'], kafka: client });
    expect(log.producerConfigs).toEqual([{ idempotent: true, maxInFlightRequests: 1 }]);
  });

  it('sends a batch grouped by topic, in order within each topic, with acks from all replicas', async () => {
    const { client, log } = recordingClient();
    const transport = createKafkaTransport({ brokers: ['b:9092'], kafka: client, sendTimeoutMs: 5_000 });
    const events = [
      event('e1', 'pod.ready', 'p1'),
      event('e2', 'user.created', 'u1'),
      event('e3', 'pod.ready', 'p2'),
    ];

    await transport.deliver(events);
    await transport.deliver([event('e4', 'pod.failed', 'p1')]);

    expect(log.connects).toBe(1);
    expect(log.batches).toHaveLength(2);
    expect(log.batches[0]).toEqual({
      acks: -1,
      timeout: 5_000,
      topicMessages: [
        {
          topic: 'gpubroker.pod.ready',
          messages: [toKafkaMessage(events[0]!).messages[0], toKafkaMessage(events[2]!).messages[0]],
        },
        { topic: 'gpubroker.user.created', messages: toKafkaMessage(events[1]!).messages },
      ],
    });
    expect(log.batches[1]!.topicMessages!.map((t) => t.topic)).toEqual(['gpubroker.pod.failed']);
  });

  it('rejects when the broker refuses, and connects again on the next delivery after a failed connect', async () => {
    const down = recordingClient({ failSend: true });
    await expect(
      createKafkaTransport({ brokers: ['b:9092'], kafka: down.client }).deliver([event('e1', 't', 'k')]),
    ).rejects.toThrow('NOT_ENOUGH_REPLICAS');

    const flaky = recordingClient({ failConnects: 1 });
    const transport = createKafkaTransport({ brokers: ['b:9092'], kafka: flaky.client });
    await expect(transport.deliver([event('e1', 't', 'k')])).rejects.toThrow('broker unreachable');
    await transport.deliver([event('e1', 't', 'k')]);
    expect(flaky.log.connects).toBe(2);
    expect(flaky.log.batches).toHaveLength(1);
  });

  it('pings through the admin client, disconnects on close and refuses to deliver afterwards', async () => {
    const { client, log } = recordingClient();
    const transport = createKafkaTransport({ brokers: ['b:9092'], kafka: client });
    await transport.ping();
    expect(log.described).toBe(1);
    await transport.deliver([event('e1', 't', 'k')]);
    await transport.close();
    expect(log.disconnects).toBe(1);
    await expect(transport.deliver([event('e2', 't', 'k')])).rejects.toThrow(/closed/);
  });
});
