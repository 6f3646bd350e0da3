/**
 * The pod lifecycle (API.md § Pods), as a pure transition function: the worker and the routes ask
 * it before every change, so an impossible move (starting a terminated pod, activating twice) is
 * refused the same way everywhere.
 *
 *   pending → provisioning → ready → running ⇄ stopped → terminated
 *   failed from any state before running (with a reason); terminate from any live state.
 */
export const POD_STATUSES = [
  'pending',
  'provisioning',
  'ready',
  'running',
  'stopped',
  'terminated',
  'failed',
] as const;
export type PodStatus = (typeof POD_STATUSES)[number];

export type PodEvent =
  /** The worker picked the pod up and asks a provider for an instance. */
  | 'provision'
  /** The provider had no capacity: the worker tries the next offer (stays provisioning). */
  | 'fail_over'
  /** The instance is up and reachable. */
  | 'instance_ready'
  /** The owner used the activation link. */
  | 'activate'
  | 'stop'
  | 'start'
  | 'terminate'
  /** Provisioning gave up (all offers out of capacity, timeout, provider error). */
  | 'fail';

const MOVES: Record<PodEvent, Partial<Record<PodStatus, PodStatus>>> = {
  provision: { pending: 'provisioning' },
  fail_over: { provisioning: 'provisioning' },
  instance_ready: { provisioning: 'ready' },
  activate: { ready: 'running' },
  stop: { running: 'stopped' },
  start: { stopped: 'running' },
  terminate: {
    pending: 'terminated',
    provisioning: 'terminated',
    ready: 'terminated',
    running: 'terminated',
    stopped: 'terminated',
    // A failed pod may hold a half-created instance: terminating it cleans that up.
    failed: 'terminated',
  },
  fail: { pending: 'failed', provisioning: 'failed', ready: 'failed' },
};

const VERBS: Record<PodEvent, string> = {
  provision: 'provision',
  fail_over: 'fail over',
  instance_ready: 'mark ready',
  activate: 'activate',
  stop: 'stop',
  start: 'start',
  terminate: 'terminate',
  fail: 'fail',
};

export type Transition = { ok: true; to: PodStatus } | { ok: false; reason: string };

/** Where `event` takes a pod in `from`, or why it cannot. */
export function transition(from: PodStatus, event: PodEvent): Transition {
  const to = MOVES[event][from];
  return to ? { ok: true, to } : { ok: false, reason: `cannot ${VERBS[event]} a pod that is ${from}` };
}

/** Statuses in which the pod holds (or is getting) a provider instance that costs money. */
export const BILLABLE_STATUSES: readonly PodStatus[] = ['provisioning', 'ready', 'running', 'stopped'];

/** Statuses that are over: no provisioning, no usage (a failed pod may still be terminated to clean up). */
export const FINAL_STATUSES: readonly PodStatus[] = ['terminated', 'failed'];

/** Counted against the plan's `limits.max_running_pods` (everything not final). */
export const isActive = (status: PodStatus): boolean => !FINAL_STATUSES.includes(status);
