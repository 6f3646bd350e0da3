import type { BufferSize, BusHandler, Envelope, RealtimeBus, Replay } from './bus.port.js';

interface Channel {
  seq: number;
  /** Ring buffer of the last events, oldest at `start`. */
  ring: Envelope[];
  start: number;
  handlers: Set<BusHandler>;
}

/**
 * The embedded bus: one process, so the counter, the buffer and the fan-out live in memory.
 * Handlers run on a later tick, never inside `publish`.
 */
export function createMemoryBus(options: {
  bufferSize: BufferSize;
  onError?: (err: unknown) => void;
}): RealtimeBus {
  const channels = new Map<string, Channel>();
  const onError = options.onError ?? ((err) => console.error(err));
  let closed = false;

  function channelOf(name: string): Channel {
    let c = channels.get(name);
    if (!c) {
      c = { seq: 0, ring: [], start: 0, handlers: new Set() };
      channels.set(name, c);
    }
    return c;
  }

  function kept(c: Channel): Envelope[] {
    return c.start === 0 ? c.ring : [...c.ring.slice(c.start), ...c.ring.slice(0, c.start)];
  }

  return {
    kind: 'memory',
    async publish(name, data) {
      if (closed) throw new Error('realtime bus is closed');
      const json = JSON.stringify(data);
      if (json === undefined) throw new TypeError('realtime data must be JSON-serialisable');
      const c = channelOf(name);
      const envelope: Envelope = { channel: name, seq: ++c.seq, json };
      const size = Math.max(1, options.bufferSize());
      if (c.ring.length > size) {
        c.ring = kept(c).slice(-size);
        c.start = 0;
      }
      if (c.ring.length < size) c.ring.push(envelope);
      else {
        c.ring[c.start] = envelope;
        c.start = (c.start + 1) % size;
      }
      const handlers = [...c.handlers];
      if (handlers.length > 0)
        setImmediate(() => {
          for (const h of handlers) {
            try {
              h(envelope);
            } catch (err) {
              onError(err);
            }
          }
        });
      return envelope.seq;
    },
    async replay(name, since): Promise<Replay> {
      const c = channels.get(name);
      const latest = c?.seq ?? 0;
      if (since > latest) return { kind: 'resync', latest };
      if (!c || since === latest) return { kind: 'events', events: [], latest };
      const events = kept(c);
      const oldest = events[0]?.seq ?? latest + 1;
      if (oldest > since + 1) return { kind: 'resync', latest };
      return { kind: 'events', events: events.filter((e) => e.seq > since), latest };
    },
    async latest(name) {
      return channels.get(name)?.seq ?? 0;
    },
    async subscribe(name, handler) {
      if (closed) throw new Error('realtime bus is closed');
      const c = channelOf(name);
      const own = (e: Envelope) => handler(e);
      c.handlers.add(own);
      return async () => {
        c.handlers.delete(own);
      };
    },
    async close() {
      closed = true;
      for (const c of channels.values()) c.handlers.clear();
    },
  };
}
