import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { TestDatabase } from '../../../../test/support/db.js';
import { createManualClock } from '../../../platform/clock/clock.js';
import type { Principal } from '../../identity/index.js';
import { createChannelAccess } from '../channel-access.js';
import type { VerifiedCredential } from '../gateway.js';
import { createMemoryBus } from '../memory.bus.js';
import { realtimeApigwConnections } from './apigw-connections.tables.js';
import { createApiGatewayFanout } from './apigw-fanout.js';
import { createConnectionStoreRepo } from './connection-store.repo.js';
import { createApiGatewayHandlers } from './handlers.js';
import type { FakeManagementApi } from './management-api.fake.js';
import { createManagementApi } from './management-api.js';

export const alice: Principal = { userId: 'usr_alice', role: 'user', plan: 'free', issuedAt: 1_767_225_600 };
export const bob: Principal = { userId: 'usr_bob', role: 'pro', plan: 'pro' };
export const AUTH_TIMEOUT_MS = 10_000;

/**
 * Handlers and fan-out over a real database, the memory bus, and the real SDK talking to a fake
 * management API — what a test of the API Gateway adapter needs, fresh per test (the rows go).
 */
export async function createApigwWorld(database: TestDatabase, fake: FakeManagementApi) {
  await database.db.delete(realtimeApigwConnections);
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const buffer = { size: 1_000 };
  const bus = createMemoryBus({ bufferSize: () => buffer.size });
  const store = createConnectionStoreRepo({ db: database.db });
  const client = new ApiGatewayManagementApiClient({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });
  const api = createManagementApi({ endpoint: fake.endpoint, region: 'us-east-1', client });
  const warnings: Array<{ o: object; m: string }> = [];
  const logger = { warn: (o: object, m: string) => void warnings.push({ o, m }) };
  const tokens = new Map<string, VerifiedCredential>([
    ['tok-alice', { principal: alice, expiresAtMs: clock.nowMs() + 15 * 60_000 }],
    ['tok-alice-short', { principal: alice, expiresAtMs: clock.nowMs() + 60_000 }],
    ['tok-bob', { principal: bob, expiresAtMs: null }],
  ]);
  const verify = async (token: string) => {
    if (token === 'tok-broken') throw new Error('identity unreachable');
    return tokens.get(token) ?? null;
  };
  const pods = new Map([['pod_a', 'usr_alice']]);
  const authorize = createChannelAccess({
    podOwner: async (id) => pods.get(id) ?? null,
    knownGpu: (m) => ['H100', 'A100', 'L4'].includes(m),
    knownProvider: (p) => p === 'runpod',
  });
  const handlers = createApiGatewayHandlers({
    store,
    bus,
    verify,
    authorize,
    api,
    now: clock.nowMs,
    limits: () => ({ maxSubscriptions: 3 }),
    logger,
  });
  const newFanout = () =>
    createApiGatewayFanout({
      store,
      bus,
      api,
      now: clock.nowMs,
      limits: () => ({ authTimeoutMs: AUTH_TIMEOUT_MS }),
      logger,
    });
  const fanout = newFanout();

  const event = (routeKey: string, connectionId: string, body?: string, binary = false) => ({
    requestContext: { routeKey, connectionId },
    body: body ?? null,
    isBase64Encoded: binary,
  });
  return {
    clock,
    buffer,
    bus,
    store,
    handlers,
    fanout,
    newFanout,
    warnings,
    connect: (id: string) => handlers.handle(event('$connect', id)),
    disconnect: (id: string) => handlers.handle(event('$disconnect', id)),
    send: (id: string, message: object) => handlers.handle(event('$default', id, JSON.stringify(message))),
    sendRaw: (id: string, body: string, binary = false) =>
      handlers.handle(event('$default', id, body, binary)),
    /** Connects and authenticates (with `token`, when given). */
    async open(id: string, token?: string) {
      await handlers.handle(event('$connect', id));
      if (token) await handlers.handle(event('$default', id, JSON.stringify({ type: 'auth', token })));
    },
    async close() {
      await fanout.close();
      await bus.close();
      client.destroy();
    },
  };
}

export type ApigwWorld = Awaited<ReturnType<typeof createApigwWorld>>;
