import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The transactional outbox: an event is a row written in the same transaction as the change it
 * describes; the relay dispatches undispatched rows in id order (ids are time-sortable) and marks
 * them. A crash between commit and dispatch loses nothing: the row is still there.
 *
 * `available_at` is the earliest time a relay may claim the row: the enqueue time, then the end of
 * a relay's lease while it delivers, then the end of the backoff after a failed attempt.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    /** Aggregate id: the Kafka partition key, so one aggregate's events stay ordered. */
    key: text('key').notNull(),
    payload: jsonb('payload').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_events_pending_idx').on(t.dispatchedAt, t.availableAt, t.id),
    // The claim asks "is an earlier event of this key still pending?" for every candidate; this
    // keeps that a short index probe however many dispatched rows the table has accumulated.
    index('outbox_events_key_pending_idx').on(t.key, t.id).where(sql`${t.dispatchedAt} is null`),
  ],
);
