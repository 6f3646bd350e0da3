/**
 * The realtime bus: per-channel sequence numbers, a bounded replay buffer per channel, and fan-out
 * to every instance. Embedded: in process. Production: Redis (a counter and a stream per channel,
 * written and published by one Lua script, so publish order is seq order on every instance).
 */

/** One published event; `json` is the data serialised once, for every socket that gets it. */
export interface Envelope {
  channel: string;
  seq: number;
  json: string;
}

export type Replay =
  /** Every event after `since`, in order (possibly none). */
  | { kind: 'events'; events: Envelope[]; latest: number }
  /** Some events after `since` are no longer kept: reload, then continue after `latest`. */
  | { kind: 'resync'; latest: number };

export type BusHandler = (envelope: Envelope) => void;

export interface RealtimeBus {
  readonly kind: 'memory' | 'redis';
  /** Appends `data` to the channel (next seq), keeps the last `bufferSize` events, fans out. */
  publish(channel: string, data: unknown): Promise<number>;
  /**
   * What a client that saw everything up to `since` missed. `since` above the channel's latest
   * seq (the counter was reset, or the client is confused) is a resync too.
   */
  replay(channel: string, since: number): Promise<Replay>;
  /** The channel's latest seq (0 before its first event). */
  latest(channel: string): Promise<number>;
  /**
   * Receives the channel's events published after the returned promise resolves, on this and
   * every other instance, in seq order per publisher (Redis: total order). Returns the unsubscribe.
   */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Events per channel kept for replay (`realtime.replay_buffer_size`). */
export type BufferSize = () => number;
