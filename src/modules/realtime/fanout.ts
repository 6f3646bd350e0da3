import type { Envelope, RealtimeBus } from './bus.port.js';
import { eventFrame } from './protocol.js';

/** A socket's subscription to one channel, as the fan-out sees it. */
export interface Subscriber {
  /** Sends one event frame (already built); the subscriber applies its own backpressure. */
  deliver(frame: Buffer, envelope: Envelope): void;
}

interface LocalChannel {
  subscribers: Set<Subscriber>;
  /** Highest seq handed to the subscribers (0: none yet). */
  last: number;
  /** While a gap is being filled from the replay buffer, later events wait here in order. */
  held: Envelope[] | null;
  ready: Promise<() => Promise<void>>;
}

/**
 * The instance's side of the bus: one bus subscription per channel that any local socket follows,
 * each event framed once and handed to every local subscriber. Pub/sub may lose a message (a
 * Redis reconnect): a seq that skips ahead makes the channel fetch the missing events from the
 * replay buffer before going on, so local subscribers see every seq in order.
 */
export function createFanout(bus: RealtimeBus, onError: (err: unknown, channel: string) => void) {
  const channels = new Map<string, LocalChannel>();

  function emit(c: LocalChannel, e: Envelope): void {
    if (e.seq <= c.last) return;
    c.last = e.seq;
    const frame = Buffer.from(eventFrame(e.channel, e.seq, e.json));
    for (const s of c.subscribers) s.deliver(frame, e);
  }

  /** Called with `c.held` set: events that arrive meanwhile queue behind the missing ones. */
  function fill(name: string, c: LocalChannel, from: number): void {
    bus
      .replay(name, from)
      .then((replay) => {
        // A resync means the gap is gone for good: the subscribers' own resume logic reloads.
        if (replay.kind === 'events') for (const e of replay.events) emit(c, e);
      })
      .catch((err: unknown) => onError(err, name))
      .finally(() => {
        const held = c.held ?? [];
        c.held = null;
        for (const e of held) emit(c, e);
      });
  }

  function onEnvelope(name: string, e: Envelope): void {
    const c = channels.get(name);
    if (!c) return;
    if (c.held) {
      c.held.push(e);
      return;
    }
    if (c.last > 0 && e.seq > c.last + 1) {
      c.held = [e];
      fill(name, c, c.last);
      return;
    }
    emit(c, e);
  }

  return {
    /** Adds a subscriber; resolves once the bus subscription is active. */
    async add(name: string, s: Subscriber): Promise<void> {
      let c = channels.get(name);
      if (!c) {
        const created: LocalChannel = { subscribers: new Set(), last: 0, held: null, ready: null as never };
        created.ready = bus.subscribe(name, (e) => onEnvelope(name, e));
        channels.set(name, created);
        c = created;
        created.ready.catch(() => {
          if (channels.get(name) === created) channels.delete(name);
        });
      }
      c.subscribers.add(s);
      try {
        await c.ready;
      } catch (err) {
        c.subscribers.delete(s);
        throw err;
      }
    },
    remove(name: string, s: Subscriber): void {
      const c = channels.get(name);
      if (!c?.subscribers.delete(s) || c.subscribers.size > 0) return;
      channels.delete(name);
      c.ready.then((unsubscribe) => unsubscribe()).catch((err: unknown) => onError(err, name));
    },
    /** Channels with at least one local subscriber. */
    size: () => channels.size,
    async close(): Promise<void> {
      const all = [...channels.entries()];
      channels.clear();
      await Promise.allSettled(all.map(([, c]) => c.ready.then((u) => u())));
    },
  };
}

export type Fanout = ReturnType<typeof createFanout>;
