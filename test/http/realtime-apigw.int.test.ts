import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketHandler } from '../../src/lambda/realtime-websocket.js';
import {
  type FakeManagementApi,
  startFakeManagementApi,
} from '../../src/modules/realtime/aws/management-api.fake.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { signUp } from '../support/authz-matrix.js';

// The AWS deployment of real time, wired as the app wires it: API Gateway's three routes with
// identity's real token check and the pods' real owners, the fan-out on the app's bus, and the
// real AWS SDK posting to a local management API. Then the Lambda entry point from a cold start.
let fake: FakeManagementApi;
let t: TestApp;
let token: string;
const event = (routeKey: string, connectionId: string, body?: object) => ({
  requestContext: { routeKey, connectionId },
  ...(body ? { body: JSON.stringify(body) } : {}),
});

beforeAll(async () => {
  fake = await startFakeManagementApi('prod');
  const client = new ApiGatewayManagementApiClient({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });
  t = await createTestApp({
    moduleOptions: {
      realtime: { apiGateway: { endpoint: fake.endpoint, region: 'us-east-1', syncMs: 200, client } },
    },
  });
  token = await signUp(t.app, 'apigw@example.com', 'api gateway passphrase');
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('real time through API Gateway, wired in the app', () => {
  it('authenticates with a real access token and posts published events to the connection', async () => {
    const handlers = t.modules.realtime.apiGateway!.handlers;
    expect(await handlers.handle(event('$connect', 'conn-A='))).toEqual({ statusCode: 200 });
    await handlers.handle(event('$default', 'conn-A=', { type: 'auth', token }));
    await handlers.handle(event('$default', 'conn-A=', { type: 'subscribe', channel: 'prices:L4-24GB' }));
    await handlers.handle(event('$default', 'conn-A=', { type: 'subscribe', channel: 'pod:pod_x' }));
    expect(fake.framesOf('conn-A=')).toEqual([
      expect.objectContaining({ type: 'authenticated', role: 'user' }),
      { type: 'subscribed', channel: 'prices:L4-24GB', seq: 0 },
      expect.objectContaining({ type: 'error', code: 'forbidden', channel: 'pod:pod_x' }),
    ]);

    // The fan-out loop (every 200 ms here) follows the new channel, then delivers what is published.
    await expect
      .poll(() => t.modules.realtime.apiGateway!.fanout.channels(), { timeout: 5_000 })
      .toContain('prices:L4-24GB');
    await t.modules.realtime.publisher.publish('provider:lambda', {
      provider: 'lambda',
      status: 'healthy',
      circuit: 'closed',
      ok: true,
      received: 1,
      inserted: 1,
      price_changes: 0,
      removed: 0,
      synced_at: new Date().toISOString(),
      error: null,
    });
    await t.modules.realtime.publisher.publish('prices:L4-24GB', {
      offer_id: 'ofr_l4',
      provider: 'lambda',
      gpu_model: 'L4-24GB',
      gpu_count: 1,
      region: 'us-east-1',
      spot: false,
      price_per_hour: 0.79,
      previous_price_per_hour: 0.81,
      availability: 'available',
      changed_at: new Date().toISOString(),
    });
    await fake.waitFor(() => fake.framesOf('conn-A=').some((f) => f.type === 'event'));
    const events = fake.framesOf('conn-A=').filter((f) => f.type === 'event');
    expect(events).toEqual([
      {
        type: 'event',
        channel: 'prices:L4-24GB',
        seq: 1,
        data: expect.objectContaining({ offer_id: 'ofr_l4' }),
      },
    ]);
    expect(await handlers.handle(event('$disconnect', 'conn-A='))).toEqual({ statusCode: 200 });
  });
});

describe('the Lambda entry point', () => {
  it('boots from its environment on the first event and answers over the management API', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gpb-lambda-'));
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEFAKEFAKE';
    process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret';
    const handler = createWebSocketHandler(() =>
      loadConfig({
        LOG_LEVEL: 'silent',
        GPUBROKER_DATA_DIR: dataDir,
        AWS_REGION: 'us-east-1',
        REALTIME_APIGW_ENDPOINT: fake.endpoint,
      }),
    );
    try {
      expect(await handler(event('$connect', 'lambda-1'))).toEqual({ statusCode: 200 });
      await handler(event('$default', 'lambda-1', { type: 'ping' }));
      await handler(event('$default', 'lambda-1', { type: 'subscribe', channel: 'prices:L4-24GB' }));
      expect(fake.framesOf('lambda-1')).toEqual([
        { type: 'pong' },
        expect.objectContaining({ type: 'error', code: 'unauthorized', channel: 'prices:L4-24GB' }),
      ]);
      expect(fake.posts.find((p) => p.connectionId === 'lambda-1')?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\//,
      );
    } finally {
      await handler.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start without the API Gateway endpoint', async () => {
    const handler = createWebSocketHandler(() => loadConfig({ LOG_LEVEL: 'silent' }));
    await expect(handler(event('$connect', 'x'))).rejects.toThrow(/REALTIME_APIGW_ENDPOINT/);
  });
});
