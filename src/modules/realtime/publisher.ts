import type { RealtimeBus } from './bus.port.js';
import type { ChannelData, ChannelName, OfferPriceEvent, RealtimePublisher } from './server-events.js';

interface Window {
  /** When the last event of this offer went out. */
  sentAt: number;
  /** The latest event waiting for the window to end, if any. */
  waiting: { channel: ChannelName; data: OfferPriceEvent } | null;
  timer: NodeJS.Timeout | null;
}

export interface PublisherDeps {
  bus: Pick<RealtimeBus, 'publish'>;
  coalesceMs: () => number;
  now: () => number;
  onError: (err: unknown, channel: string) => void;
}

/**
 * What services publish through. Price events are coalesced per offer: the first of a window goes
 * out at once, later ones replace each other and the last goes out when the window ends — still
 * carrying the price from before the first, so a client sees the whole move. A sync storm thus
 * sends at most one event per offer per window, and never a stale one last.
 */
export function createPublisher(deps: PublisherDeps): RealtimePublisher & {
  /** Sends what is waiting now (shutdown). */
  flush(): Promise<void>;
} {
  const windows = new Map<string, Window>();

  function send(channel: string, data: unknown): Promise<void> {
    return deps.bus.publish(channel, data).then(
      () => undefined,
      (err: unknown) => deps.onError(err, channel),
    );
  }

  function price(channel: ChannelName, data: OfferPriceEvent): Promise<void> {
    const window = deps.coalesceMs();
    if (window <= 0) return send(channel, data);
    const key = data.offer_id;
    const now = deps.now();
    const w = windows.get(key);
    if (!w || (now - w.sentAt >= window && !w.waiting)) {
      windows.set(key, { sentAt: now, waiting: null, timer: null });
      schedulePrune();
      return send(channel, data);
    }
    const previous = w.waiting?.data.previous_price_per_hour ?? data.previous_price_per_hour;
    w.waiting = { channel, data: { ...data, previous_price_per_hour: previous } };
    w.timer ??= setTimeout(() => release(key), Math.max(0, w.sentAt + window - now));
    return Promise.resolve();
  }

  function release(key: string): Promise<void> {
    const w = windows.get(key);
    if (!w?.waiting) return Promise.resolve();
    const { channel, data } = w.waiting;
    w.waiting = null;
    w.timer = null;
    w.sentAt = deps.now();
    return send(channel, data);
  }

  // Offers that stopped moving leave the map; one sweep per window.
  let pruneTimer: NodeJS.Timeout | null = null;
  function schedulePrune() {
    if (pruneTimer) return;
    pruneTimer = setTimeout(
      () => {
        pruneTimer = null;
        const cutoff = deps.now() - deps.coalesceMs();
        for (const [key, w] of windows) if (!w.waiting && w.sentAt <= cutoff) windows.delete(key);
        if (windows.size > 0) schedulePrune();
      },
      Math.max(1_000, deps.coalesceMs()),
    );
    pruneTimer.unref();
  }

  return {
    publish<C extends ChannelName>(channel: C, data: ChannelData<C>): Promise<void> {
      if (channel.startsWith('prices:')) return price(channel, data as OfferPriceEvent);
      return send(channel, data);
    },
    async flush() {
      if (pruneTimer) clearTimeout(pruneTimer);
      pruneTimer = null;
      const pending: Array<Promise<void>> = [];
      for (const [key, w] of windows) {
        if (w.timer) clearTimeout(w.timer);
        pending.push(release(key));
      }
      await Promise.all(pending);
    },
  };
}
