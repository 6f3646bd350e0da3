import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { Clock } from '../../platform/clock/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { EventSubscriptions } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { PubSub } from '../../platform/pubsub/index.js';
import type { Principal } from '../identity/index.js';
import type { PlatformSettings } from '../platform-config/index.js';
import { type ApiGatewayRealtime, wireApiGateway } from './aws/apigw.wire.js';
import type { RealtimeBus } from './bus.port.js';
import { type ChannelAccessDeps, createChannelAccess } from './channel-access.js';
import { createGateway, type Gateway, type GatewayLimits } from './gateway.js';
import { createMemoryBus } from './memory.bus.js';
import { createNotifications } from './notifications.service.js';
import { podStatusRelay } from './pod-status.relay.js';
import { createPublisher } from './publisher.js';
import { createRealtimeMetrics } from './realtime.metrics.js';
import { realtimeRoutes } from './realtime.routes.js';
import { createRedisBus } from './redis.bus.js';
import type { RealtimePublisher } from './server-events.js';

export interface RealtimeWiring extends ChannelAccessDeps {
  /** Redis (bus across instances, replay in streams) when set; else in process. */
  redisUrl?: string;
  /** The deployment's Redis key prefix (`gpb:<pod>:`). */
  keyPrefix: string;
  pubsub: PubSub;
  /** Domain events this module turns into pushes (`pod.status_changed`). */
  events: EventSubscriptions;
  settings: PlatformSettings;
  ids: IdGenerator;
  clock: Clock;
  logger: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    debug(o: object, m: string): void;
  };
  metrics?: Registry;
  /** Identity's check of a bearer credential (access token or API key). */
  verifyCredential(credential: string): Promise<Principal | null>;
  /** Replaces the bus (tests). */
  bus?: RealtimeBus;
  /** The connection store of the API Gateway deployment lives here. */
  db: Db;
  /** Set in the AWS deployment: API Gateway holds the sockets, this process runs the fan-out. */
  apiGateway?: {
    endpoint: string;
    region: string;
    syncMs: number;
    client?: ApiGatewayManagementApiClient;
  } | null;
}

export interface RealtimeModule {
  bus: RealtimeBus;
  /** What services publish through (typed by channel). */
  publisher: RealtimePublisher;
  gateway: Gateway;
  /** The API Gateway deployment's handlers and fan-out, when `apiGateway` is configured. */
  apiGateway: ApiGatewayRealtime | null;
  /** `/ws` and `/admin/notifications`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
  /** Subscribes to the domain events it pushes (before the relay starts). */
  start(): Promise<void>;
  /** Sends what the coalescer holds, closes the sockets (1001) and the bus. */
  stop(): Promise<void>;
}

export function wireRealtime(deps: RealtimeWiring): RealtimeModule {
  const { settings, logger } = deps;
  const int = (key: string) => settings.number(`realtime.${key}`);
  const bufferSize = () => int('replay_buffer_size');
  const onError = (err: unknown) => logger.warn({ err }, 'realtime bus error');
  const bus =
    deps.bus ??
    (deps.redisUrl
      ? createRedisBus({
          url: deps.redisUrl,
          keyPrefix: deps.keyPrefix,
          pubsub: deps.pubsub,
          bufferSize,
          onError,
        })
      : createMemoryBus({ bufferSize, onError }));

  let gateway: Gateway | null = null;
  const metrics = deps.metrics
    ? createRealtimeMetrics(deps.metrics, () => gateway?.stats().channels ?? 0)
    : undefined;
  const limits = (): GatewayLimits => ({
    authTimeoutMs: int('auth_timeout_seconds') * 1000,
    heartbeatMs: int('heartbeat_interval_seconds') * 1000,
    revalidateMs: int('revalidate_seconds') * 1000,
    maxBufferedBytes: int('max_buffered_kib') * 1024,
    maxPendingEvents: Math.max(100, bufferSize()),
    messagesPerSecond: int('messages_per_second'),
    maxSubscriptions: int('max_subscriptions'),
  });
  async function verify(token: string) {
    const principal = await deps.verifyCredential(token);
    if (!principal) return null;
    return { principal, expiresAtMs: principal.expiresAt === undefined ? null : principal.expiresAt * 1000 };
  }
  const authorize = createChannelAccess(deps);
  const now = () => deps.clock.nowMs();
  const apiGateway = deps.apiGateway
    ? wireApiGateway({ ...deps.apiGateway, db: deps.db, bus, verify, authorize, limits, now, logger })
    : null;
  gateway = createGateway({
    bus,
    verify,
    authorize,
    limits,
    now,
    logger,
    ...(metrics ? { metrics } : {}),
  });
  const kindOf = (channel: string) => channel.split(':')[0] ?? channel;
  const publisher = createPublisher({
    bus: {
      async publish(channel, data) {
        const seq = await bus.publish(channel, data);
        metrics?.published.inc({ kind: kindOf(channel), outcome: 'ok' });
        return seq;
      },
    },
    coalesceMs: () => int('price_coalesce_ms'),
    now,
    onError(err, channel) {
      metrics?.published.inc({ kind: kindOf(channel), outcome: 'failed' });
      logger.warn({ err, channel }, 'realtime event not published');
    },
  });
  const notifications = createNotifications({ bus, ids: deps.ids, clock: deps.clock, logger });
  let unsubscribe: (() => void) | null = null;

  return {
    bus,
    publisher,
    gateway,
    apiGateway,
    routes: realtimeRoutes({ gateway, notifications }),
    async start() {
      unsubscribe = podStatusRelay(deps.events, publisher);
      apiGateway?.start();
    },
    async stop() {
      unsubscribe?.();
      await apiGateway?.stop();
      await publisher.flush();
      await gateway?.close();
      if (!deps.bus) await bus.close();
    },
  };
}
