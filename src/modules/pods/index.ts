export type { SpendGuard } from './deploy.service.js';
export { createIdempotencyRepo, type IdempotencyRepo, requestHash } from './idempotency.repo.js';
export { POD_USAGE } from './pod-actions.service.js';
export { POD_STATUS_CHANGED, type PodStatusChanged } from './pod-transition.js';
export type { PodsModule, PodsWiring } from './pods.wire.js';

import { type PodsModule, type PodsWiring, wirePods } from './pods.wire.js';

/**
 * Pods: drafts from an offer, the cost estimate, idempotent deploys, provisioning with fail-over
 * (a durable worker stepping each pod through the state machine, SANDBOX twin or the provider's
 * API), activation by e-mailed link, stop/start/terminate with usage events, the dashboard and the
 * activity log.
 */
export function createPodsModule(deps: PodsWiring): PodsModule {
  return wirePods(deps);
}
