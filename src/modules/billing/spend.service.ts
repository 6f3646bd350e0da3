import type { Clock } from '../../platform/clock/clock.js';
import type { DbExecutor } from '../../platform/db/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { BillingRepo, UsageRow } from './billing.repo.js';
import {
  hourlyMicros,
  isMetered,
  monthStart,
  nextMonthStart,
  periodOf,
  priceInterval,
  splitByMonth,
} from './metering.js';
import type { Metering, MeterRow } from './metering.service.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const ALERT_THRESHOLDS = [80, 100] as const;
const fmt = (micros: number) => `$${(micros / 1e6).toFixed(2)}`;

export interface SpendRefusal {
  code: 'budget_exceeded' | 'payment_failed';
  detail: string;
}

interface Slice {
  podId: string;
  podName: string;
  provider: string;
  gpuModel: string;
  day: string;
  amountMicros: number;
}

/** The part of each open meter inside `[from, to)`, priced like a record (what is not closed yet). */
function openSlices(meters: MeterRow[], from: Date, to: Date): Slice[] {
  const slices: Slice[] = [];
  for (const m of meters) {
    if (!isMetered(m.status)) continue;
    const start = m.since.getTime() > from.getTime() ? m.since : from;
    for (const piece of splitByMonth(start, to))
      slices.push({
        podId: m.podId,
        podName: m.podName,
        provider: m.provider,
        gpuModel: m.gpuModel,
        day: piece.start.toISOString().slice(0, 10),
        amountMicros: priceInterval(m.status, piece.seconds, m).amountMicros,
      });
  }
  return slices;
}

const recordSlice = (r: UsageRow): Slice => ({
  podId: r.podId,
  podName: r.podName,
  provider: r.provider,
  gpuModel: r.gpuModel,
  day: r.startedAt.toISOString().slice(0, 10),
  amountMicros: r.amountMicros,
});

function group<K extends string>(slices: Slice[], key: (s: Slice) => string, label: K) {
  const totals = new Map<string, number>();
  for (const s of slices) totals.set(key(s), (totals.get(key(s)) ?? 0) + s.amountMicros);
  return [...totals]
    .map(
      ([k, micros]) =>
        ({ [label]: k, amount_micros: micros }) as Record<K, string> & { amount_micros: number },
    )
    .sort((a, b) => b.amount_micros - a.amount_micros);
}

/**
 * Month-to-date spend (closed records plus the open intervals up to now), the projection to the
 * month's end at today's hourly rate, the breakdowns for the billing dashboard, the spend cap the
 * deploy checks, and the 80 % / 100 % alerts.
 */
export function createSpend(deps: {
  repo: BillingRepo;
  metering: Pick<Metering, 'openMeters'>;
  clock: Clock;
  gracePeriodMs(): number;
  mailer: Pick<Mailer, 'send'>;
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  appBaseUrl: string;
}) {
  const { repo, clock } = deps;

  async function month(userId: string, exec?: DbExecutor) {
    const now = clock.now();
    const start = monthStart(now);
    const end = nextMonthStart(now);
    const [records, meters] = await Promise.all([
      repo.usageOfPeriod(userId, periodOf(now), exec),
      deps.metering.openMeters(userId, exec),
    ]);
    const slices = [...records.map(recordSlice), ...openSlices(meters, start, now)];
    const monthToDate = slices.reduce((s, x) => s + x.amountMicros, 0);
    const hourly = meters.reduce((s, m) => s + hourlyMicros(m.status, m), 0);
    const projected = monthToDate + Math.round((hourly * (end.getTime() - now.getTime())) / HOUR_MS);
    return { now, start, end, slices, monthToDate, hourly, projected };
  }

  return {
    /** `GET /billing/summary`'s figures (micro-dollars). */
    async summary(userId: string) {
      const m = await month(userId);
      const customer = await repo.customer(userId);
      const days: Array<{ date: string; amount_micros: number }> = [];
      for (let t = m.start.getTime(); t < Math.min(m.end.getTime(), m.now.getTime() + 1); t += DAY_MS) {
        const date = new Date(t).toISOString().slice(0, 10);
        days.push({
          date,
          amount_micros: m.slices.filter((s) => s.day === date).reduce((a, s) => a + s.amountMicros, 0),
        });
      }
      const failedAt = customer?.paymentFailedAt ?? null;
      return {
        period: { start: m.start, end: m.end },
        monthToDateMicros: m.monthToDate,
        projectedMicros: m.projected,
        hourlyMicros: m.hourly,
        capMicros: customer?.spendCapMicros ?? null,
        byPod: group(m.slices, (s) => `${s.podId}\u0000${s.podName}`, 'key').map(({ key, amount_micros }) => {
          const [pod_id, pod_name] = key.split('\u0000');
          return { pod_id: pod_id!, pod_name: pod_name!, amount_micros };
        }),
        byProvider: group(m.slices, (s) => s.provider, 'provider'),
        byGpu: group(m.slices, (s) => s.gpuModel, 'gpu_model'),
        byDay: days,
        paymentFailedAt: failedAt,
        deploysBlockedAt: failedAt ? new Date(failedAt.getTime() + deps.gracePeriodMs()) : null,
      };
    },

    /** Month-to-date and projection only (the dashboard). */
    async totals(userId: string) {
      const m = await month(userId);
      return { monthToDateMicros: m.monthToDate, projectedMicros: m.projected };
    },

    /**
     * The deploy's check (Pods' SpendGuard): overdue past the grace period → 402; adding
     * `perHourMicros` until the month's end would pass the cap → 422 budget_exceeded.
     */
    async check(userId: string, perHourMicros: number, exec?: DbExecutor): Promise<SpendRefusal | null> {
      const customer = await repo.customer(userId, exec);
      if (!customer) return null;
      if (customer.paymentFailedAt) {
        const blockedAt = customer.paymentFailedAt.getTime() + deps.gracePeriodMs();
        if (clock.nowMs() >= blockedAt)
          return {
            code: 'payment_failed',
            detail: `A payment has been overdue since ${customer.paymentFailedAt.toISOString().slice(0, 10)}: pay the open invoice (Billing) to deploy again.`,
          };
      }
      if (customer.spendCapMicros === null) return null;
      const m = await month(userId, exec);
      const added = Math.round((perHourMicros * (m.end.getTime() - m.now.getTime())) / HOUR_MS);
      if (m.projected + added <= customer.spendCapMicros) return null;
      return {
        code: 'budget_exceeded',
        detail:
          `This pod adds ${fmt(perHourMicros)}/h: your projected spend this month would be ${fmt(m.projected + added)}, ` +
          `above your monthly cap of ${fmt(customer.spendCapMicros)}. Raise the cap or stop a pod.`,
      };
    },

    /** Sends the 80 % and 100 % alerts a user has reached this month and not been sent yet. */
    async alert(userId: string): Promise<number[]> {
      const customer = await repo.customer(userId);
      if (!customer || customer.spendCapMicros === null || customer.spendCapMicros <= 0) return [];
      const m = await month(userId);
      const sent: number[] = [];
      for (const threshold of ALERT_THRESHOLDS) {
        if (m.monthToDate * 100 < customer.spendCapMicros * threshold) continue;
        if (!(await repo.claimAlert(userId, periodOf(m.now), threshold, m.now))) continue;
        sent.push(threshold);
        const to = await deps.contactOf(userId);
        if (!to) continue;
        await deps.mailer.send(
          'generic-notice',
          to.email,
          {
            subject: `You have used ${threshold}% of your monthly GPU budget`,
            message:
              `Hello ${to.name}, your spend this month is ${fmt(m.monthToDate)} of your ${fmt(customer.spendCapMicros)} cap ` +
              `(projected ${fmt(m.projected)} by the month's end). ` +
              (threshold >= 100 ? 'New deploys are refused until you raise the cap. ' : '') +
              `Review your pods: ${deps.appBaseUrl}/billing`,
          },
          { user_id: userId },
        );
      }
      return sent;
    },
  };
}

export type Spend = ReturnType<typeof createSpend>;
