import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../platform/db/index.js';
import { createMailboxRepo } from '../../platform/mail/index.js';
import { devMailboxRoutes } from './dev-mailbox.routes.js';

export interface DevMailboxWiring {
  database: Database;
  /** See `DevMailboxRouteDeps.enabled`. */
  enabled: () => boolean;
}

export interface DevMailboxModule {
  /** `/dev/mailbox`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
}

export function wireDevMailbox(deps: DevMailboxWiring): DevMailboxModule {
  return {
    routes: devMailboxRoutes({ mailbox: createMailboxRepo(deps.database.db), enabled: deps.enabled }),
  };
}
