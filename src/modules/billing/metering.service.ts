import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { type BillingMode, processedEvents, usageMeters, usageRecords } from './billing.tables.js';
import { isMetered, type MeterRates, priceInterval, splitByMonth } from './metering.js';

/** The payload of Pods' `pod.usage` event (one per pod state change). */
export interface PodUsagePayload {
  pod_id: string;
  user_id: string;
  name?: string;
  gpu_model?: string;
  gpu_count?: number;
  status: string;
  at: string;
  mode: BillingMode;
  provider: string;
  price_per_hour_micros: number;
  markup_percent: number;
  storage_per_hour_micros: number;
}

export type MeterRow = typeof usageMeters.$inferSelect;
export type UsageRecordRow = typeof usageRecords.$inferSelect;

const METERED = ['ready', 'running', 'stopped'];

/**
 * Usage events → immutable usage records. Each event closes the interval its pod spent in the
 * previous status (if that status is billed) and opens the next. The event id is recorded in the
 * same transaction, so a replayed event (at-least-once delivery, a crash between relay and mark)
 * adds nothing; the pod's meter row is locked, so two deliveries of one pod never interleave.
 */
export function createMetering(deps: {
  database: Pick<Database, 'transaction' | 'db'>;
  ids: IdGenerator;
  clock: Clock;
  logger: { warn(o: object, m: string): void };
}) {
  const { ids, clock } = deps;

  async function closeInterval(
    tx: DbExecutor,
    meter: MeterRow,
    to: Date,
    sourceId: string,
  ): Promise<UsageRecordRow[]> {
    if (!isMetered(meter.status)) return [];
    const status = meter.status;
    const rows = splitByMonth(meter.since, to).map((piece) => ({
      id: ids.newId('usage'),
      sourceId,
      userId: meter.userId,
      podId: meter.podId,
      podName: meter.podName,
      provider: meter.provider,
      gpuModel: meter.gpuModel,
      gpuCount: meter.gpuCount,
      mode: meter.mode,
      status,
      period: piece.period,
      startedAt: piece.start,
      endedAt: piece.end,
      seconds: piece.seconds,
      pricePerHourMicros: meter.pricePerHourMicros,
      markupPercent: meter.markupPercent,
      storagePerHourMicros: meter.storagePerHourMicros,
      ...priceInterval(status, piece.seconds, meter),
      createdAt: clock.now(),
    }));
    if (rows.length === 0) return [];
    return tx.insert(usageRecords).values(rows).onConflictDoNothing().returning();
  }

  return {
    /** Applies one usage event; returns the records it wrote (none for a replay). */
    async record(eventId: string, p: PodUsagePayload): Promise<UsageRecordRow[]> {
      return deps.database.transaction(async (tx) => {
        const fresh = await tx
          .insert(processedEvents)
          .values({ eventId, source: 'usage', type: `pod.usage:${p.status}`, processedAt: clock.now() })
          .onConflictDoNothing()
          .returning({ id: processedEvents.eventId });
        if (fresh.length === 0) return [];
        const at = new Date(p.at);
        const [meter] = await tx
          .select()
          .from(usageMeters)
          .where(eq(usageMeters.podId, p.pod_id))
          .for('update');
        let written: UsageRecordRow[] = [];
        if (meter) {
          if (at.getTime() < meter.since.getTime())
            deps.logger.warn(
              { pod_id: p.pod_id, event_id: eventId, at: p.at, since: meter.since.toISOString() },
              'usage event older than its meter (the month was closed first): metered from the close',
            );
          else written = await closeInterval(tx, meter, at, eventId);
        }
        const rates: MeterRates = {
          pricePerHourMicros: p.price_per_hour_micros,
          markupPercent: p.markup_percent,
          storagePerHourMicros: p.storage_per_hour_micros,
        };
        const since = meter && meter.since.getTime() > at.getTime() ? meter.since : at;
        const row = {
          podId: p.pod_id,
          userId: p.user_id,
          podName: p.name ?? meter?.podName ?? p.pod_id,
          provider: p.provider,
          gpuModel: p.gpu_model ?? meter?.gpuModel ?? 'unknown',
          gpuCount: p.gpu_count ?? meter?.gpuCount ?? 1,
          mode: p.mode,
          status: p.status,
          since,
          ...rates,
          updatedAt: clock.now(),
        };
        if (meter) await tx.update(usageMeters).set(row).where(eq(usageMeters.podId, p.pod_id));
        else await tx.insert(usageMeters).values(row);
        return written;
      });
    },

    /**
     * Month close: every pod still in a billed status before `end` gets its interval up to `end`
     * recorded (source `close:<pod>:<end>`, so a re-run adds nothing) and its meter moved to `end`.
     */
    async closeUntil(end: Date, userId?: string): Promise<number> {
      const open = await deps.database.db
        .select({ podId: usageMeters.podId })
        .from(usageMeters)
        .where(
          and(
            inArray(usageMeters.status, METERED),
            lt(usageMeters.since, end),
            userId ? eq(usageMeters.userId, userId) : undefined,
          ),
        );
      let closed = 0;
      for (const { podId } of open) {
        closed += await deps.database.transaction(async (tx) => {
          const [meter] = await tx
            .select()
            .from(usageMeters)
            .where(eq(usageMeters.podId, podId))
            .for('update');
          if (!meter || !isMetered(meter.status) || meter.since.getTime() >= end.getTime()) return 0;
          const written = await closeInterval(tx, meter, end, `close:${podId}:${end.toISOString()}`);
          await tx
            .update(usageMeters)
            .set({ since: end, updatedAt: clock.now() })
            .where(eq(usageMeters.podId, podId));
          return written.length;
        });
      }
      return closed;
    },

    /** The user's pods in a billed status now, with their rates and since when (the open intervals). */
    async openMeters(userId: string, exec: DbExecutor = deps.database.db): Promise<MeterRow[]> {
      return exec
        .select()
        .from(usageMeters)
        .where(and(eq(usageMeters.userId, userId), inArray(usageMeters.status, METERED)));
    },
  };
}

export type Metering = ReturnType<typeof createMetering>;
