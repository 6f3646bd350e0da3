import { describe, expect, it } from 'vitest';
import { DeliveryError, type DomainEvent } from './events.port.js';
import { createInProcessTransport, topicMatches } from './in-process.transport.js';

const event = (id: string, topic: string, key = 'k'): DomainEvent => ({
  id,
  topic,
  key,
  payload: { id },
  headers: {},
  createdAt: new Date(Date.UTC(2026, 0, 1)),
});

describe('topicMatches', () => {
  it('matches exact topics, dotted prefixes and the wildcard', () => {
    expect(topicMatches('pod.ready', 'pod.ready')).toBe(true);
    expect(topicMatches('pod.ready', 'pod.ready2')).toBe(false);
    expect(topicMatches('pod.*', 'pod.ready')).toBe(true);
    expect(topicMatches('pod.*', 'pod.deploy.failed')).toBe(true);
    expect(topicMatches('pod.*', 'pod')).toBe(false);
    expect(topicMatches('pod.*', 'pods.ready')).toBe(false);
    expect(topicMatches('*', 'anything.at_all')).toBe(true);
  });
});

describe('in-process transport', () => {
  it('delivers each event, in batch order, to its matching handlers in subscription order', async () => {
    const transport = createInProcessTransport();
    const calls: string[] = [];
    transport.subscribe('pod.*', async (e) => void calls.push(`prefix:${e.id}`));
    transport.subscribe('pod.ready', async (e) => void calls.push(`exact:${e.id}`));
    transport.subscribe('user.created', async (e) => void calls.push(`user:${e.id}`));
    transport.subscribe('*', async (e) => void calls.push(`all:${e.id}`));

    await transport.deliver([
      event('e1', 'pod.ready'),
      event('e2', 'user.created'),
      event('e3', 'pod.failed'),
    ]);

    expect(calls).toEqual(['prefix:e1', 'exact:e1', 'all:e1', 'user:e2', 'all:e2', 'prefix:e3', 'all:e3']);
  });

  it('stops at the first handler error and reports how many events went through', async () => {
    const transport = createInProcessTransport();
    const seen: string[] = [];
    transport.subscribe('t', async (e) => {
      if (e.id === 'e2') throw new Error('handler down');
      seen.push(e.id);
    });

    const err = await transport
      .deliver([event('e1', 't'), event('e2', 't'), event('e3', 't')])
      .catch((e) => e);

    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ delivered: 1, eventId: 'e2' });
    expect((err as DeliveryError).cause).toEqual(new Error('handler down'));
    expect(seen).toEqual(['e1']);
  });

  it('stops calling a handler once it unsubscribes', async () => {
    const transport = createInProcessTransport();
    const seen: string[] = [];
    const unsubscribe = transport.subscribe('t', async (e) => void seen.push(e.id));
    await transport.deliver([event('e1', 't')]);
    unsubscribe();
    await transport.deliver([event('e2', 't')]);
    expect(seen).toEqual(['e1']);
  });

  it('rejects patterns with a wildcard anywhere but a trailing `.*`', () => {
    const transport = createInProcessTransport();
    for (const bad of ['', 'pod*', '*.ready', 'pod.*.x', '.*']) {
      expect(() => transport.subscribe(bad, async () => {})).toThrow(/invalid subscription pattern/);
    }
  });
});
