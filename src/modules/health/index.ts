import { healthRoutes as routes } from './health.routes.js';
import { createHealthService, type HealthService } from './health.service.js';

export type { CheckResult, HealthService, Readiness, ReadinessCheck } from './health.service.js';
export { createHealthService };

export interface HealthDeps {
  health: HealthService;
}

/** `/healthz` (liveness) and `/readyz` (readiness of every dependency the instance needs). */
export function healthRoutes(deps: HealthDeps) {
  return routes(deps);
}
