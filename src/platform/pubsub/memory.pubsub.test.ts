import { describe, expect, it } from 'vitest';
import { createPubSub } from './index.js';
import { createMemoryPubSub } from './memory.pubsub.js';
import { collector, describePubSubContract } from './pubsub.contract.js';

describePubSubContract('memory', ({ onError }) => createMemoryPubSub({ onError }));

describe('memory pub/sub', () => {
  it('does not deliver to a handler unsubscribed between publish and delivery', async () => {
    const ps = createMemoryPubSub();
    const [gone, stays] = [collector(), collector()];
    const unsubscribe = await ps.subscribe('ch', gone.handler);
    await ps.subscribe('ch', stays.handler);
    const publishing = ps.publish('ch', 'x');
    await unsubscribe();
    await publishing;
    await expect.poll(() => stays.messages()).toEqual(['x']);
    expect(gone.messages()).toEqual([]);
    await ps.close();
  });

  it('createPubSub without a Redis URL is in-process and reports handler errors to onError', async () => {
    const errors: unknown[] = [];
    const ps = createPubSub({ onError: (err) => errors.push(err) });
    expect(ps.kind).toBe('memory');
    await ps.subscribe('ch', () => {
      throw new Error('boom');
    });
    await ps.publish('ch', {});
    await expect.poll(() => errors.map((e) => (e as Error).message)).toEqual(['boom']);
    await ps.close();
  });
});
