import type { Clock } from '../../platform/clock/clock.js';
import type { DbExecutor } from '../../platform/db/index.js';
import type { Outbox } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { type PodEvent, type PodStatus, transition } from './pod-state.js';
import type { PodRow, PodsRepo } from './pods.repo.js';

/** Every status change, from the same transaction (real-time pushes it to the owner's `pod:<id>` channel). */
export const POD_STATUS_CHANGED = 'pod.status_changed';

export interface PodStatusChanged {
  pod_id: string;
  user_id: string;
  status: PodStatus;
  previous_status: PodStatus;
  detail: string;
  at: string;
}

export type Applied = { ok: true; pod: PodRow; status: PodStatus; at: Date } | { ok: false; reason: string };

/**
 * The one way a pod changes status: inside the caller's transaction, on the row it locked, when
 * the state machine allows `event` — the new status, its detail and `set`, plus the status-history
 * entry and the `pod.status_changed` event, written together.
 */
export function createPodTransition(deps: {
  repo: PodsRepo;
  outbox: Outbox;
  ids: IdGenerator;
  clock: Clock;
}) {
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
    const payload: PodStatusChanged = {
      pod_id: pod.id,
      user_id: pod.userId,
      status: t.to,
      previous_status: pod.status,
      detail,
      at: at.toISOString(),
    };
    await deps.outbox.enqueue(tx, { topic: POD_STATUS_CHANGED, key: pod.id, payload });
    return { ok: true, pod: updated, status: t.to, at };
  };
}

export type PodTransition = ReturnType<typeof createPodTransition>;
