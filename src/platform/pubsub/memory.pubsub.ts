import { deliver, encodeMessage, reportToStderr, type Subscription } from './deliver.js';
import type { PubSub } from './pubsub.port.js';

export interface MemoryPubSubOptions {
  /** Receives what a handler throws or rejects with. Default: printed to stderr. */
  onError?: (err: unknown) => void;
}

/**
 * The embedded pub/sub: one process only. Handlers run on a later macrotask (setImmediate), so
 * a publisher — perhaps inside a transaction — never runs subscriber code on its own stack,
 * as with Redis. Messages are JSON round-tripped for the same reason.
 */
export function createMemoryPubSub(options: MemoryPubSubOptions = {}): PubSub {
  const onError = options.onError ?? reportToStderr;
  const channels = new Map<string, Set<Subscription>>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('memory pub/sub is closed');
  }

  return {
    kind: 'memory',
    async publish(channel, message) {
      assertOpen();
      const copy: unknown = JSON.parse(encodeMessage(message));
      const subs = channels.get(channel);
      if (subs === undefined) return;
      // Subscribers at publish time get it, as with Redis; one unsubscribed meanwhile does not.
      const snapshot = [...subs];
      setImmediate(() => deliver(snapshot, copy, channel, onError));
    },
    async subscribe(channel, handler) {
      assertOpen();
      const sub: Subscription = { handler, active: true };
      let subs = channels.get(channel);
      if (subs === undefined) {
        subs = new Set();
        channels.set(channel, subs);
      }
      subs.add(sub);
      return async () => {
        sub.active = false;
        const current = channels.get(channel);
        current?.delete(sub);
        if (current?.size === 0) channels.delete(channel);
      };
    },
    async ping() {
      assertOpen();
    },
    async close() {
      closed = true;
      for (const subs of channels.values()) for (const sub of subs) sub.active = false;
      channels.clear();
    },
  };
}
