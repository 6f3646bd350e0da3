import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../catalog.types.js';
import { ProviderCapacityError } from '../../provisioning.types.js';
import { callOver, type RecordedRoute } from '../recorded-server.test-support.js';
import { runpodProvisioning as rp } from './runpod.provisioning.js';
import { isRunpodCapacityBody } from './runpod.provisioning.parse.js';
import { SPEC } from './runpod.provisioning.test-support.js';

/** Sent by the context's client on every call: seen on a request = it went through `ctx.http`. */
const CLIENT_HEADERS = { 'user-agent': 'gpubroker-test/1' };

async function createAnswering(status: number, body: unknown) {
  const routes: RecordedRoute[] = [{ method: 'POST', path: '/v2/pods', status, body }];
  const { result, requests } = await callOver(routes, (ctx) => rp.create(ctx, SPEC), {
    headers: CLIENT_HEADERS,
  });
  return { error: result.status === 'rejected' ? (result.reason as unknown) : undefined, requests };
}

// RunPod's wording when a pod cannot be placed (the live v2 400 detail).
const NO_INSTANCES =
  'There are no longer any instances available with the requested specifications. Please refresh and try again.';

describe('runpodProvisioning.create: 400 answers', () => {
  it('maps a 400 whose detail says the pod cannot be placed to ProviderCapacityError', async () => {
    const bodies = [
      // documented shape, not recorded (ErrorResponse problem+json; detail as RunPod words it)
      { title: 'Bad Request', status: 400, detail: NO_INSTANCES },
      // documented shape, not recorded (the same refusal for disk space)
      {
        title: 'Bad Request',
        status: 400,
        detail: 'There are no longer any instances available with enough disk space.',
      },
      // documented shape, not recorded (the docs' "could not be placed" case)
      {
        title: 'Bad Request',
        status: 400,
        detail: 'GPU type NVIDIA GeForce RTX 4090 could not be placed in US-KS-2',
      },
    ];
    for (const body of bodies) {
      const { error, requests } = await createAnswering(400, body);
      expect(error).toBeInstanceOf(ProviderCapacityError);
      expect((error as ProviderCapacityError).provider).toBe('runpod');
      expect((error as Error).message).toBe(
        'RunPod could not place NVIDIA GeForce RTX 4090:US-KS-2:secure (POST /v2/pods answered 400)',
      );
      // Through the context's client: its headers plus the adapter's auth.
      expect(requests).toHaveLength(1);
      expect(requests[0]?.headers['user-agent']).toBe('gpubroker-test/1');
      expect(requests[0]?.headers.authorization).toBe('Bearer test-key');
      expect(requests[0]?.headers['content-type']).toBe('application/json');
    }
  });

  it('keeps any other 400 (a request bug) and a capacity-worded 5xx a ProviderHttpError', async () => {
    const answers: Array<[number, unknown]> = [
      // documented shape, not recorded (ErrorResponse problem+json: a request RunPod cannot process)
      [400, { title: 'Bad Request', status: 400, detail: 'request could not be processed' }],
      // documented shape, not recorded (the mutually exclusive mounts refusal of the create docs)
      [
        400,
        {
          title: 'Bad Request',
          status: 400,
          detail: 'mounts.persistent and mounts.network are mutually exclusive',
        },
      ],
      [400, 'Bad Request'],
      [400, ''],
      // documented shape, not recorded (validation failure)
      [422, { title: 'Unprocessable Entity', status: 422, detail: 'Request validation failed.' }],
      // documented shape, not recorded (a 5xx is retried, never read as capacity)
      [503, { title: 'Service Unavailable', status: 503, detail: NO_INSTANCES }],
    ];
    for (const [status, body] of answers) {
      const { error } = await createAnswering(status, body);
      expect(error).toBeInstanceOf(ProviderHttpError);
      expect(error).not.toBeInstanceOf(ProviderCapacityError);
      expect((error as ProviderHttpError).status).toBe(status);
    }
  });
});

describe('isRunpodCapacityBody', () => {
  it('reads detail, message or error of a JSON body and nothing else', () => {
    expect(isRunpodCapacityBody(JSON.stringify({ detail: NO_INSTANCES }))).toBe(true);
    expect(isRunpodCapacityBody(JSON.stringify({ message: 'No instances available' }))).toBe(true);
    expect(isRunpodCapacityBody(JSON.stringify({ error: 'Not enough capacity for this GPU type' }))).toBe(
      true,
    );
    expect(isRunpodCapacityBody(JSON.stringify({ detail: 'Insufficient capacity' }))).toBe(true);
    expect(isRunpodCapacityBody(JSON.stringify({ title: NO_INSTANCES }))).toBe(false);
    expect(isRunpodCapacityBody(JSON.stringify({ detail: 'invalid image name' }))).toBe(false);
    expect(isRunpodCapacityBody(NO_INSTANCES)).toBe(false);
    expect(isRunpodCapacityBody(null)).toBe(false);
  });
});
