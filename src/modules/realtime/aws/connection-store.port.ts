import type { Principal } from '../../identity/index.js';

/** One API Gateway connection as stored. Times are ms since the epoch. */
export interface StoredConnection {
  connectionId: string;
  /** Null until a valid `auth`. */
  principal: Principal | null;
  /** When the credential stops being valid; null for API keys and before auth. */
  tokenExpiresAtMs: number | null;
  connectedAtMs: number;
  lastSeenAtMs: number;
}

/** A subscriber of one channel, as the fan-out sees it. */
export interface ChannelSubscriber {
  connectionId: string;
  /** Highest seq sent to this connection on the channel. */
  lastSeq: number;
}

/**
 * Where the API Gateway adapter keeps its connections (Lambda instances share nothing else).
 * Every write is a single statement, so concurrent Lambdas and the fan-out never hold locks across
 * a network call. `lastSeq` only moves through `subscribe` (first value) and the compare-and-set
 * `claim`/`move`, so two fan-out instances never send the same seq to one connection.
 */
export interface ConnectionStore {
  /** `$connect`: stores the connection (idempotent: a retried `$connect` keeps the first row). */
  create(connectionId: string, atMs: number): Promise<void>;
  /** Marks activity and returns the connection; null when it is not stored (dropped or never connected). */
  seen(connectionId: string, atMs: number): Promise<StoredConnection | null>;
  /** Records the principal of a valid `auth`; false when the connection is gone. */
  authenticate(connectionId: string, principal: Principal, tokenExpiresAtMs: number | null): Promise<boolean>;
  /** Deletes the connection and its subscriptions; true when it was stored. */
  remove(connectionId: string): Promise<boolean>;
  /** The connection's subscription to `channel`, or null. */
  subscription(connectionId: string, channel: string): Promise<ChannelSubscriber | null>;
  countSubscriptions(connectionId: string): Promise<number>;
  /** Adds a subscription at `lastSeq` (kept as is when it exists); false when the connection is gone. */
  subscribe(connectionId: string, channel: string, lastSeq: number, atMs: number): Promise<boolean>;
  unsubscribe(connectionId: string, channel: string): Promise<void>;
  /** Channels with at least one subscription. */
  channels(): Promise<string[]>;
  /**
   * Moves every subscriber of `channel` that is exactly at `seq - 1` to `seq` and returns them
   * (connections whose token expired at `nowMs` are left for the sweep): the live path, one statement.
   */
  claim(channel: string, seq: number, nowMs: number): Promise<string[]>;
  /** Subscribers of `channel` below `seq` (same expiry rule): they missed events and need a replay. */
  behind(channel: string, seq: number, nowMs: number): Promise<ChannelSubscriber[]>;
  /** Compare-and-set of one subscription's `lastSeq`; false when it was not at `from`. */
  move(connectionId: string, channel: string, from: number, to: number): Promise<boolean>;
  /** Connections whose token expired at `nowMs`, up to `limit`. */
  expired(nowMs: number, limit: number): Promise<string[]>;
  /**
   * Connections that sent no valid `auth` since before `connectedBeforeMs` and follow no `system`
   * channel (the only public one), up to `limit`: the Node gateway's authentication timeout.
   */
  anonymousSince(connectedBeforeMs: number, limit: number): Promise<string[]>;
}
