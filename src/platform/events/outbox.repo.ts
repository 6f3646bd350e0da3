import { and, asc, eq, gt, inArray, isNull, lt, lte, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Clock } from '../clock/clock.js';
import type { Database, DbExecutor } from '../db/index.js';
import { createIdGenerator, type IdGenerator } from '../ids/ids.js';
import type { DomainEvent, NewEvent, Outbox } from './events.port.js';
import { outboxEvents } from './outbox.tables.js';

/** Advisory-lock key that serialises outbox claims across relays sharing one PostgreSQL. */
export const OUTBOX_CLAIM_LOCK_KEY = 7_351_234_002;

/** Topic names become Kafka topics (`gpubroker.<topic>`): dotted words of Kafka-legal characters. */
const TOPIC_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const MAX_ERROR_CHARS = 2_000;

export interface OutboxRepoOptions {
  database: Pick<Database, 'transaction'>;
  clock: Clock;
  ids?: IdGenerator;
  /** How long a claimed batch stays invisible to other relays; must exceed one delivery. */
  leaseMs?: number;
  /** Backoff after the n-th failed attempt: `min(maxMs, baseMs * 2^(n-1))`. */
  backoff?: { baseMs?: number; maxMs?: number };
}

/** What the relay reports after delivering a claimed batch. */
export interface SettleOutcome {
  /** Accepted by the transport: never dispatched again. */
  dispatched: string[];
  /** Events whose delivery failed: attempts + 1, `last_error`, pushed back by the backoff. */
  failed?: { ids: string[]; error: string };
  /** Claimed but not attempted (after the failure): claimable again at once. */
  released: string[];
}

export interface OutboxRepo extends Outbox {
  /**
   * Claims up to `limit` deliverable events, oldest first, leasing them for `leaseMs`.
   * Deliverable: not dispatched, `available_at <= now`, and no earlier undispatched event of the
   * same key is in backoff or leased (so one key's events are never delivered out of order nor
   * by two relays at once).
   */
  claimBatch(limit: number): Promise<DomainEvent[]>;
  /** Records the outcome of delivering a claimed batch, in one transaction. */
  settle(outcome: SettleOutcome): Promise<void>;
  /**
   * Deletes up to `limit` events dispatched before `before` (housekeeping; undispatched events are
   * never deleted). Returns how many were deleted.
   */
  pruneDispatched(before: Date, limit: number): Promise<number>;
}

/**
 * The outbox's SQL.
 *
 * Concurrency (several relays, one per API instance): claim-by-lease, with `available_at` as the
 * lease. A claim runs in a short transaction under one advisory lock, so claims are serialised
 * and each sees the leases of the claims before it. Delivery then runs OUTSIDE any transaction.
 * Why not `FOR UPDATE SKIP LOCKED` held across delivery: (1) PGlite has one connection, so a
 * transaction open while in-process handlers run would deadlock every handler that touches the
 * database; (2) SKIP LOCKED hides the rows another relay is delivering, so a second relay would
 * take K#6 while K#1..5 are still in flight — per-key order needs to SEE the in-flight rows,
 * which a lease makes visible. The cost: a relay that dies mid-delivery holds its batch until the
 * lease ends, and a delivery slower than the lease may be repeated (at-least-once anyway).
 *
 * Per-key order: a failed event stays the head of its key and blocks that key's later events
 * until it is delivered (other keys go on). There is no dead letter: a poison event retries with
 * capped backoff and shows up in `attempts` / `last_error` for an operator.
 *
 * Order across keys follows ids, which follow the enqueuing process's clock; two transactions
 * touching one aggregate are serialised by that aggregate's row lock, so its events keep order.
 */
export function createOutboxRepo(options: OutboxRepoOptions): OutboxRepo {
  const { database, clock } = options;
  const ids = options.ids ?? createIdGenerator(() => clock.nowMs());
  const leaseMs = options.leaseMs ?? 60_000;
  const baseMs = options.backoff?.baseMs ?? 1_000;
  const maxMs = options.backoff?.maxMs ?? 300_000;

  return {
    async enqueue<P>(exec: DbExecutor, event: NewEvent<P>): Promise<string> {
      if (!TOPIC_RE.test(event.topic)) throw new Error(`invalid event topic ${JSON.stringify(event.topic)}`);
      if (event.key === '') throw new Error('an event needs a key (the aggregate id)');
      const id = ids.newId('event');
      const now = clock.now();
      await exec.insert(outboxEvents).values({
        id,
        topic: event.topic,
        key: event.key,
        payload: event.payload,
        headers: event.headers ?? {},
        createdAt: now,
        availableAt: now,
      });
      return id;
    },

    async claimBatch(limit) {
      const now = clock.now();
      const leaseUntil = new Date(now.getTime() + leaseMs);
      return database.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(OUTBOX_CLAIM_LOCK_KEY))})`);
        const o = alias(outboxEvents, 'o');
        const p = alias(outboxEvents, 'p');
        const earlierBlocked = tx
          .select({ one: sql`1` })
          .from(p)
          .where(and(eq(p.key, o.key), isNull(p.dispatchedAt), lt(p.id, o.id), gt(p.availableAt, now)));
        const candidates = tx
          .select({ id: o.id })
          .from(o)
          .where(and(isNull(o.dispatchedAt), lte(o.availableAt, now), notExists(earlierBlocked)))
          .orderBy(asc(o.id))
          .limit(limit);
        const rows = await tx
          .update(outboxEvents)
          .set({ availableAt: leaseUntil })
          .where(inArray(outboxEvents.id, candidates))
          .returning();
        // RETURNING has no order; delivery order is id order.
        rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          key: r.key,
          payload: r.payload,
          headers: r.headers,
          createdAt: r.createdAt,
        }));
      });
    },

    async settle({ dispatched, failed, released }) {
      const now = clock.now();
      const pending = isNull(outboxEvents.dispatchedAt);
      await database.transaction(async (tx) => {
        if (dispatched.length > 0) {
          await tx
            .update(outboxEvents)
            .set({ dispatchedAt: now })
            .where(and(inArray(outboxEvents.id, dispatched), pending));
        }
        if (failed && failed.ids.length > 0) {
          // `attempts` on the right-hand side is the value before this update.
          const backoff = sql`least(${maxMs}::float8, ${baseMs}::float8 * power(2, ${outboxEvents.attempts}))`;
          await tx
            .update(outboxEvents)
            .set({
              attempts: sql`${outboxEvents.attempts} + 1`,
              lastError: failed.error.slice(0, MAX_ERROR_CHARS),
              availableAt: sql`${now.toISOString()}::timestamptz + ${backoff} * interval '1 millisecond'`,
            })
            .where(and(inArray(outboxEvents.id, failed.ids), pending));
        }
        if (released.length > 0) {
          await tx
            .update(outboxEvents)
            .set({ availableAt: now })
            .where(and(inArray(outboxEvents.id, released), pending));
        }
      });
    },

    async pruneDispatched(before, limit) {
      // Bounded batches: one huge DELETE would hold locks and bloat WAL on a busy database.
      return database.transaction(async (tx) => {
        const doomed = tx
          .select({ id: outboxEvents.id })
          .from(outboxEvents)
          .where(lt(outboxEvents.dispatchedAt, before))
          .orderBy(asc(outboxEvents.id))
          .limit(limit);
        const deleted = await tx
          .delete(outboxEvents)
          .where(inArray(outboxEvents.id, doomed))
          .returning({ id: outboxEvents.id });
        return deleted.length;
      });
    },
  };
}
