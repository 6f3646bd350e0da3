import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The WebSocket connections API Gateway holds for us (Lambda deployment). A row lives from
 * `$connect` to `$disconnect`, or until the fan-out learns the client is gone (410) or drops it
 * (token expired, no auth in time). The principal columns are null until a valid `auth`.
 */
export const realtimeApigwConnections = pgTable(
  'realtime_apigw_connections',
  {
    connectionId: text('connection_id').primaryKey(),
    userId: text('user_id'),
    role: text('role'),
    plan: text('plan'),
    /** `iat` of the access token (seconds); null for API keys and before auth. */
    tokenIssuedAt: bigint('token_issued_at', { mode: 'number' }),
    /** When the credential stops being valid; null for API keys and before auth. */
    tokenExpiresAt: ts('token_expires_at'),
    connectedAt: ts('connected_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [
    // The sweep: expired tokens, and connections that never authenticated.
    index('realtime_apigw_connections_expiry_idx')
      .on(t.tokenExpiresAt)
      .where(sql`${t.tokenExpiresAt} is not null`),
    index('realtime_apigw_connections_anonymous_idx').on(t.connectedAt).where(sql`${t.userId} is null`),
  ],
);

/**
 * One channel one connection follows, with the highest seq sent to it on that channel. The fan-out
 * claims an event for every subscriber at `seq - 1` in one statement (the (channel, last_seq)
 * index), and fills the gap from the replay buffer for any subscriber further behind.
 */
export const realtimeApigwSubscriptions = pgTable(
  'realtime_apigw_subscriptions',
  {
    connectionId: text('connection_id')
      .notNull()
      .references(() => realtimeApigwConnections.connectionId, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    subscribedAt: ts('subscribed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.channel] }),
    index('realtime_apigw_subscriptions_channel_idx').on(t.channel, t.lastSeq),
  ],
);
