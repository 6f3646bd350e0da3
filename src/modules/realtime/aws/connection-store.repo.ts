import { and, asc, count, eq, isNull, lt, lte, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.js';
import type { Plan, Principal, Role } from '../../identity/index.js';
import {
  realtimeApigwConnections as conns,
  realtimeApigwSubscriptions as subs,
} from './apigw-connections.tables.js';
import type { ChannelSubscriber, ConnectionStore, StoredConnection } from './connection-store.port.js';

type ConnectionRow = typeof conns.$inferSelect;

function toConnection(r: ConnectionRow): StoredConnection {
  const principal: Principal | null =
    r.userId === null
      ? null
      : {
          userId: r.userId,
          role: r.role as Role,
          plan: r.plan as Plan,
          ...(r.tokenIssuedAt === null ? {} : { issuedAt: r.tokenIssuedAt }),
        };
  return {
    connectionId: r.connectionId,
    principal,
    tokenExpiresAtMs: r.tokenExpiresAt?.getTime() ?? null,
    connectedAtMs: r.connectedAt.getTime(),
    lastSeenAtMs: r.lastSeenAt.getTime(),
  };
}

/** PostgreSQL's foreign_key_violation, on either driver (Drizzle wraps the driver's error in `cause`). */
function isForeignKeyViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (e.code === '23503') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** The connection store on our database (PGlite or PostgreSQL). */
export function createConnectionStoreRepo({ db }: { db: Db }): ConnectionStore {
  /** Leaves out subscriptions whose connection's token expired: those are the sweep's. */
  const tokenValid = (nowMs: number) =>
    notExists(
      db
        .select({ one: sql`1` })
        .from(conns)
        .where(and(eq(conns.connectionId, subs.connectionId), lte(conns.tokenExpiresAt, new Date(nowMs)))),
    );

  return {
    async create(connectionId, atMs) {
      const at = new Date(atMs);
      await db.insert(conns).values({ connectionId, connectedAt: at, lastSeenAt: at }).onConflictDoNothing();
    },
    async seen(connectionId, atMs) {
      const [row] = await db
        .update(conns)
        .set({ lastSeenAt: new Date(atMs) })
        .where(eq(conns.connectionId, connectionId))
        .returning();
      return row ? toConnection(row) : null;
    },
    async authenticate(connectionId, principal, tokenExpiresAtMs) {
      const rows = await db
        .update(conns)
        .set({
          userId: principal.userId,
          role: principal.role,
          plan: principal.plan,
          tokenIssuedAt: principal.issuedAt ?? null,
          tokenExpiresAt: tokenExpiresAtMs === null ? null : new Date(tokenExpiresAtMs),
        })
        .where(eq(conns.connectionId, connectionId))
        .returning({ id: conns.connectionId });
      return rows.length > 0;
    },
    async remove(connectionId) {
      const rows = await db
        .delete(conns)
        .where(eq(conns.connectionId, connectionId))
        .returning({ id: conns.connectionId });
      return rows.length > 0;
    },
    async subscription(connectionId, channel) {
      const [row] = await db
        .select({ connectionId: subs.connectionId, lastSeq: subs.lastSeq })
        .from(subs)
        .where(and(eq(subs.connectionId, connectionId), eq(subs.channel, channel)));
      return row ?? null;
    },
    async countSubscriptions(connectionId) {
      const [row] = await db.select({ n: count() }).from(subs).where(eq(subs.connectionId, connectionId));
      return row?.n ?? 0;
    },
    async subscribe(connectionId, channel, lastSeq, atMs) {
      // Insert-select: no row when the connection was deleted meanwhile; a delete racing the
      // insert still trips the foreign key, which means the same.
      try {
        await db
          .insert(subs)
          .select(
            db
              .select({
                connectionId: conns.connectionId,
                channel: sql<string>`${channel}::text`.as('channel'),
                lastSeq: sql<number>`${lastSeq}::bigint`.as('last_seq'),
                subscribedAt: sql<Date>`${new Date(atMs).toISOString()}::timestamptz`.as('subscribed_at'),
              })
              .from(conns)
              .where(eq(conns.connectionId, connectionId)),
          )
          .onConflictDoNothing();
      } catch (err) {
        if (isForeignKeyViolation(err)) return false;
        throw err;
      }
      return (await this.subscription(connectionId, channel)) !== null;
    },
    async unsubscribe(connectionId, channel) {
      await db.delete(subs).where(and(eq(subs.connectionId, connectionId), eq(subs.channel, channel)));
    },
    async channels() {
      const rows = await db.selectDistinct({ channel: subs.channel }).from(subs).orderBy(asc(subs.channel));
      return rows.map((r) => r.channel);
    },
    async claim(channel, seq, nowMs) {
      const rows = await db
        .update(subs)
        .set({ lastSeq: seq })
        .where(and(eq(subs.channel, channel), eq(subs.lastSeq, seq - 1), tokenValid(nowMs)))
        .returning({ connectionId: subs.connectionId });
      return rows.map((r) => r.connectionId);
    },
    async behind(channel, seq, nowMs): Promise<ChannelSubscriber[]> {
      return db
        .select({ connectionId: subs.connectionId, lastSeq: subs.lastSeq })
        .from(subs)
        .where(and(eq(subs.channel, channel), lt(subs.lastSeq, seq), tokenValid(nowMs)))
        .orderBy(asc(subs.lastSeq), asc(subs.connectionId));
    },
    async move(connectionId, channel, from, to) {
      const rows = await db
        .update(subs)
        .set({ lastSeq: to })
        .where(and(eq(subs.connectionId, connectionId), eq(subs.channel, channel), eq(subs.lastSeq, from)))
        .returning({ id: subs.connectionId });
      return rows.length > 0;
    },
    async expired(nowMs, limit) {
      const rows = await db
        .select({ id: conns.connectionId })
        .from(conns)
        .where(lte(conns.tokenExpiresAt, new Date(nowMs)))
        .orderBy(asc(conns.tokenExpiresAt))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async anonymousSince(connectedBeforeMs, limit) {
      const rows = await db
        .select({ id: conns.connectionId })
        .from(conns)
        .where(
          and(
            isNull(conns.userId),
            lt(conns.connectedAt, new Date(connectedBeforeMs)),
            notExists(
              db
                .select({ one: sql`1` })
                .from(subs)
                .where(and(eq(subs.connectionId, conns.connectionId), eq(subs.channel, 'system'))),
            ),
          ),
        )
        .orderBy(asc(conns.connectedAt))
        .limit(limit);
      return rows.map((r) => r.id);
    },
  };
}
