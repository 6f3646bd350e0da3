import type { Clock } from '../../platform/clock/clock.js';
import type { DbExecutor } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { type PodEvent, type PodStatus, transition } from './pod-state.js';
import type { PodRow, PodsRepo } from './pods.repo.js';

export type Applied = { ok: true; pod: PodRow; status: PodStatus; at: Date } | { ok: false; reason: string };

/**
 * The one way a pod changes status: inside the caller's transaction, on the row it locked, when
 * the state machine allows `event` — the new status, its detail and `set`, plus the status-history
 * entry, written together.
 */
export function createPodTransition(deps: { repo: PodsRepo; ids: IdGenerator; clock: Clock }) {
  return async function apply(
    tx: DbExecutor,
    pod: PodRow,
    event: PodEvent,
    detail: string,
    set: Partial<PodRow> = {},
  ): Promise<Applied> {
    const t = transition(pod.status, event);
    if (!t.ok) return t;
    const at = deps.clock.now();
    const updated = await deps.repo.updatePod(
      pod.id,
      { ...set, status: t.to, statusDetail: detail, updatedAt: at },
      tx,
    );
    await deps.repo.appendHistory(
      { id: deps.ids.newId('event'), podId: pod.id, status: t.to, at, detail },
      tx,
    );
    return { ok: true, pod: updated, status: t.to, at };
  };
}

export type PodTransition = ReturnType<typeof createPodTransition>;
