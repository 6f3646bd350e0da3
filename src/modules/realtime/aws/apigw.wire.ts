import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { Db } from '../../../platform/db/index.js';
import type { RealtimeBus } from '../bus.port.js';
import type { ChannelAuthorizer } from '../channel-access.js';
import type { GatewayLimits, VerifiedCredential } from '../gateway.js';
import { type ApiGatewayFanout, createApiGatewayFanout } from './apigw-fanout.js';
import { createConnectionStoreRepo } from './connection-store.repo.js';
import { type ApiGatewayHandlers, createApiGatewayHandlers } from './handlers.js';
import { createManagementApi } from './management-api.js';

export interface ApiGatewayWiring {
  endpoint: string;
  region: string;
  syncMs: number;
  /** A client pointed elsewhere (tests: a local management API). */
  client?: ApiGatewayManagementApiClient;
  db: Db;
  bus: RealtimeBus;
  verify(token: string): Promise<VerifiedCredential | null>;
  authorize: ChannelAuthorizer;
  limits: () => GatewayLimits;
  now: () => number;
  logger: { warn(o: object, m: string): void };
}

export interface ApiGatewayRealtime {
  /** The Lambda's three routes (`handle` dispatches on the route key). */
  handlers: ApiGatewayHandlers;
  fanout: ApiGatewayFanout;
  /** Runs the fan-out loop (in the long-running process that follows the bus). */
  start(): void;
  stop(): Promise<void>;
}

/** The API Gateway deployment of real time: connection store, handlers and fan-out on one bus. */
export function wireApiGateway(deps: ApiGatewayWiring): ApiGatewayRealtime {
  const store = createConnectionStoreRepo({ db: deps.db });
  const api = createManagementApi({
    endpoint: deps.endpoint,
    region: deps.region,
    ...(deps.client ? { client: deps.client } : {}),
  });
  const common = { store, api, now: deps.now, logger: deps.logger };
  const handlers = createApiGatewayHandlers({
    ...common,
    bus: deps.bus,
    verify: deps.verify,
    authorize: deps.authorize,
    limits: () => ({ maxSubscriptions: deps.limits().maxSubscriptions }),
  });
  const fanout = createApiGatewayFanout({
    ...common,
    bus: deps.bus,
    limits: () => ({ authTimeoutMs: deps.limits().authTimeoutMs }),
  });
  return {
    handlers,
    fanout,
    start: () => fanout.start(deps.syncMs),
    async stop() {
      await fanout.close();
      api.close();
    },
  };
}
