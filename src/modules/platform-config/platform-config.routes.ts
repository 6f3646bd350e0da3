import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../identity/index.js';
import type { PlatformConfigRouteDeps } from './config-routes.shared.js';
import { parameterRoutes } from './parameters.routes.js';
import type { Actor } from './platform-config.service.js';
import { podRoutes } from './pods.routes.js';

export type { PlatformConfigRouteDeps } from './config-routes.shared.js';

/** `/config/pods/**`: PODs, parameters, mode switches, audit, import/export (pod_admin only). */
export function platformConfigRoutes(deps: PlatformConfigRouteDeps) {
  async function actorOf(request: FastifyRequest): Promise<Actor> {
    const { userId } = principalOf(request);
    return { id: userId, email: (await deps.emailOf(userId)) ?? userId, requestId: request.id };
  }

  return async function plugin(instance: FastifyInstance) {
    await instance.register(podRoutes({ ...deps, actorOf }));
    await instance.register(parameterRoutes({ ...deps, actorOf }));
  };
}
