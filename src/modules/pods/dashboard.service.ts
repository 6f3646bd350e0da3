import type { Clock } from '../../platform/clock/clock.js';
import { HOURS_PER_MONTH } from './estimate.js';
import type { PodStatus } from './pod-state.js';
import { isActive } from './pod-state.js';
import { podView } from './pod-views.js';
import type { ActivityRow, HistoryRow, PodRow, PodsRepo } from './pods.repo.js';

const usd = (micros: number) => Math.round(micros / 100) / 10_000;
const HOUR_MS = 3_600_000;

/** What a pod costs per hour in a status: compute while running, storage while it holds an instance. */
function rateMicros(pod: PodRow, status: PodStatus): number {
  const compute = pod.pricePerHourMicros + Math.round((pod.pricePerHourMicros * pod.markupPercent) / 100);
  if (status === 'running') return compute + pod.storagePerHourMicros;
  if (status === 'ready' || status === 'stopped') return pod.storagePerHourMicros;
  return 0;
}

/**
 * Spend of one pod between `from` and `to`, from its status history (each status lasts until the
 * next entry). An estimate at the pod's recorded rates until Billing meters usage events.
 */
export function spendMicros(pod: PodRow, history: HistoryRow[], from: Date, to: Date): number {
  let total = 0;
  history.forEach((h, i) => {
    const start = Math.max(h.at.getTime(), from.getTime());
    const end = Math.min(history[i + 1]?.at.getTime() ?? to.getTime(), to.getTime());
    if (end > start) total += (rateMicros(pod, h.status) * (end - start)) / HOUR_MS;
  });
  return Math.round(total);
}

export function activityView(a: ActivityRow) {
  return {
    id: a.id,
    action: a.action,
    target_type: a.targetType,
    target_id: a.targetId,
    detail: a.detail,
    at: a.at.toISOString(),
  };
}

/** `GET /dashboard` and `GET /activity`. */
export function createDashboardService(deps: {
  repo: PodsRepo;
  clock: Clock;
  providerHealth(): Promise<Array<{ id: string; name: string; status: string; circuit: string }>>;
  /** Billing's metered month-to-date and projection; without it, an estimate from the history. */
  meteredSpend?(userId: string): Promise<{ monthToDateMicros: number; projectedMicros: number }>;
}) {
  const { repo } = deps;
  return {
    async dashboard(userId: string) {
      const now = deps.clock.now();
      const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
      // The owner's pods, newest first (a user has at most a few hundred; plan limits cap the active).
      const pods: PodRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await repo.pods(userId, { limit: 200, ...(cursor ? { cursor } : {}) });
        pods.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pods.length < 2_000);
      const byPod = await repo.historyByPod(pods.map((p) => p.id));
      let monthToDate = 0;
      let hourly = 0;
      for (const p of pods) {
        monthToDate += spendMicros(p, byPod.get(p.id) ?? [], monthStart, now);
        hourly += rateMicros(p, p.status);
      }
      const remainingHours = Math.max(0, (monthEnd.getTime() - now.getTime()) / HOUR_MS);
      const active = pods.filter((p) => isActive(p.status));
      const recent = await repo.activity(userId, { limit: 10 });
      const metered = deps.meteredSpend ? await deps.meteredSpend(userId) : null;
      return {
        pods: {
          running: pods.filter((p) => p.status === 'running').length,
          active: active.length,
          total: pods.length,
        },
        spend: {
          month_to_date: usd(metered?.monthToDateMicros ?? monthToDate),
          projected_month: usd(
            metered?.projectedMicros ??
              monthToDate + Math.min(hourly * remainingHours, hourly * HOURS_PER_MONTH),
          ),
          currency: 'USD' as const,
        },
        providers: await deps.providerHealth(),
        recent_activity: recent.items.map(activityView),
        active_pods: active.map((p) => podView(p, byPod.get(p.id) ?? [])),
      };
    },

    async activity(userId: string, q: { limit: number; cursor?: string }) {
      const page = await repo.activity(userId, q);
      return { items: page.items.map(activityView), next_cursor: page.nextCursor };
    },
  };
}
