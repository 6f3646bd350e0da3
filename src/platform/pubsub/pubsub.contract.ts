import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PubSub, PubSubHandler } from './pubsub.port.js';

/** Records what a handler received, in order. */
export function collector() {
  const received: Array<{ message: unknown; channel: string }> = [];
  const handler: PubSubHandler = (message, channel) => {
    received.push({ message, channel });
  };
  return { received, handler, messages: () => received.map((r) => r.message) };
}

/**
 * The behaviour every `PubSub` adapter must share. `open` is called before each test with an
 * `onError` the test inspects. "Did not receive" is proved without sleeping: a later marker
 * message on the same path arrives after anything that leaked, so once the marker is in, the
 * list is final.
 */
export function describePubSubContract(
  name: string,
  open: (opts: { onError: (err: unknown) => void }) => PubSub | Promise<PubSub>,
): void {
  describe(`PubSub contract: ${name}`, () => {
    let ps: PubSub;
    let errors: unknown[];
    beforeEach(async () => {
      errors = [];
      ps = await open({ onError: (err) => errors.push(err) });
    });
    afterEach(async () => {
      await ps.close();
    });

    it('delivers a JSON copy of the message with the channel name', async () => {
      const c = collector();
      await ps.subscribe('offers', c.handler);
      const message = { id: 'ofr_1', gpu: { model: 'H100', count: 8 }, at: new Date(Date.UTC(2026, 0, 2)) };
      await ps.publish('offers', message);
      await expect
        .poll(() => c.received)
        .toEqual([
          {
            message: { id: 'ofr_1', gpu: { model: 'H100', count: 8 }, at: '2026-01-02T00:00:00.000Z' },
            channel: 'offers',
          },
        ]);
    });

    it('never runs a handler synchronously inside publish', async () => {
      const c = collector();
      await ps.subscribe('ch', c.handler);
      const publishing = ps.publish('ch', 'hello');
      expect(c.received).toEqual([]);
      await publishing;
      await expect.poll(() => c.messages()).toEqual(['hello']);
    });

    it('fans out to every handler of a channel and to no other channel', async () => {
      const [a, b, other] = [collector(), collector(), collector()];
      await ps.subscribe('ch', a.handler);
      await ps.subscribe('ch', b.handler);
      await ps.subscribe('other', other.handler);
      await ps.publish('ch', 'm1');
      await ps.publish('other', 'marker');
      await expect.poll(() => other.messages()).toEqual(['marker']);
      await expect.poll(() => a.messages()).toEqual(['m1']);
      await expect.poll(() => b.messages()).toEqual(['m1']);
    });

    it('treats each subscribe as its own subscription, even with the same handler', async () => {
      const c = collector();
      const first = await ps.subscribe('ch', c.handler);
      await ps.subscribe('ch', c.handler);
      await ps.publish('ch', 'twice');
      await expect.poll(() => c.messages()).toEqual(['twice', 'twice']);
      await first();
      await ps.publish('ch', 'once');
      await expect.poll(() => c.messages()).toEqual(['twice', 'twice', 'once']);
    });

    it('stops delivering to an unsubscribed handler only', async () => {
      const [gone, stays] = [collector(), collector()];
      const unsubscribeGone = await ps.subscribe('ch', gone.handler);
      const unsubscribeStays = await ps.subscribe('ch', stays.handler);
      await ps.publish('ch', 'before');
      await expect.poll(() => gone.messages()).toEqual(['before']);
      await unsubscribeGone();
      await unsubscribeGone();
      await ps.publish('ch', 'after');
      await expect.poll(() => stays.messages()).toEqual(['before', 'after']);
      expect(gone.messages()).toEqual(['before']);
      // The last handler leaving and a new one arriving: the channel works again.
      await unsubscribeStays();
      const fresh = collector();
      await ps.subscribe('ch', fresh.handler);
      await ps.publish('ch', 'again');
      await expect.poll(() => fresh.messages()).toEqual(['again']);
      expect(stays.messages()).toEqual(['before', 'after']);
      expect(gone.messages()).toEqual(['before']);
    });

    it('keeps delivering to other handlers when one throws or rejects, reporting both', async () => {
      const c = collector();
      await ps.subscribe('ch', () => {
        throw new Error('sync boom');
      });
      await ps.subscribe('ch', async () => {
        throw new Error('async boom');
      });
      await ps.subscribe('ch', c.handler);
      await ps.publish('ch', 1);
      await ps.publish('ch', 2);
      await expect.poll(() => c.messages()).toEqual([1, 2]);
      await expect
        .poll(() => errors.map((e) => (e as Error).message).sort())
        .toEqual(['async boom', 'async boom', 'sync boom', 'sync boom']);
    });

    it('delivers the messages of one channel in publish order', async () => {
      const c = collector();
      await ps.subscribe('ordered', c.handler);
      const sequence = Array.from({ length: 50 }, (_, i) => i);
      await Promise.all(sequence.map((i) => ps.publish('ordered', i)));
      await expect.poll(() => c.messages()).toEqual(sequence);
    });

    it('rejects an undefined message', async () => {
      await expect(ps.publish('ch', undefined)).rejects.toThrow(TypeError);
    });

    it('pings while open; once closed it rejects and delivers nothing more', async () => {
      const c = collector();
      await ps.subscribe('ch', c.handler);
      await expect(ps.ping()).resolves.toBeUndefined();
      await ps.close();
      await expect(ps.ping()).rejects.toThrow();
      await expect(ps.publish('ch', 'late')).rejects.toThrow();
      await expect(ps.subscribe('ch', c.handler)).rejects.toThrow();
      await expect(ps.close()).resolves.toBeUndefined();
      expect(c.received).toEqual([]);
    });
  });
}
