import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeManagementApi, startFakeManagementApi } from './management-api.fake.js';
import { createManagementApi } from './management-api.js';

let fake: FakeManagementApi;
let api: ReturnType<typeof createManagementApi>;

beforeAll(async () => {
  fake = await startFakeManagementApi('prod');
  const client = new ApiGatewayManagementApiClient({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });
  api = createManagementApi({ endpoint: fake.endpoint, region: 'us-east-1', client });
});
afterAll(async () => {
  await fake.close();
});

describe('management API sender (real SDK over HTTP)', () => {
  it('posts the frame as the raw body to /@connections/{id}, signed for execute-api', async () => {
    // Real connection ids end in "=": the SDK must encode it in the path.
    const frame = '{"type":"event","channel":"prices:H100","seq":7,"data":{"note":"2 € / h"}}';
    await expect(api.post('L0SM9cOFvHcCIhw=', frame)).resolves.toBe('ok');
    const post = fake.posts.at(-1)!;
    expect(post.connectionId).toBe('L0SM9cOFvHcCIhw=');
    expect(post.body).toBe(frame);
    expect(post.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/us-east-1\/execute-api\/aws4_request/,
    );
  });

  it('reports a gone connection (410) as a value', async () => {
    fake.gone.add('gone-1');
    await expect(api.post('gone-1', '{"type":"pong"}')).resolves.toBe('gone');
    await expect(api.disconnect('gone-1')).resolves.toBe('gone');
    expect(fake.posts.some((p) => p.connectionId === 'gone-1')).toBe(false);
  });

  it('deletes a connection with DELETE /@connections/{id}', async () => {
    await expect(api.disconnect('conn-del')).resolves.toBe('ok');
    expect(fake.deletes).toContain('conn-del');
    await expect(api.post('conn-del', '{"type":"pong"}')).resolves.toBe('gone');
  });

  it('rejects on any other failure, with the SDK error', async () => {
    fake.failing.set('denied', { status: 403, type: 'ForbiddenException' });
    await expect(api.post('denied', '{"type":"pong"}')).rejects.toMatchObject({
      name: 'ForbiddenException',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
