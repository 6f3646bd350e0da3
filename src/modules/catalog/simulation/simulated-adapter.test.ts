import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../platform/clock/clock.js';
import { ProviderHttpError } from '../catalog.types.js';
import { createSimulatedAdapter } from './simulated-adapter.js';
import { fakeRealAdapter, NO_FAULTS, seedList, simContext } from './simulation.test-support.js';

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('SANDBOX twin: identity and seed', () => {
  it('looks like the real adapter, never calls it or ctx.http, and loads the seed once', async () => {
    const real = fakeRealAdapter();
    const sim = createSimulatedAdapter(real.adapter, { faults: () => NO_FAULTS, clock: createManualClock() });
    const { id, name, kind, defaultBaseUrl, credential } = sim;
    // The twin needs no key even when the real API does (the real adapter here says 'required').
    expect({ id, name, kind, defaultBaseUrl, credential }).toEqual({
      id: 'runpod',
      name: 'RunPod',
      kind: 'live',
      defaultBaseUrl: 'https://api.runpod.example',
      credential: 'none',
    });
    const first = await sim.listOffers(simContext());
    const second = await sim.listOffers(simContext());
    expect(first).toHaveLength(200);
    expect(second).toEqual(first);
    expect(first.map((o) => o.providerOfferId)).toEqual(seedList().map((o) => o.providerOfferId));
    expect(real.seedOffers).toHaveBeenCalledTimes(1);
    expect(real.listOffers).not.toHaveBeenCalled();
  });

  it('loads the seed again after a failed load', async () => {
    const real = fakeRealAdapter();
    real.seedOffers.mockRejectedValueOnce(new Error('dataset missing'));
    const sim = createSimulatedAdapter(real.adapter, { faults: () => NO_FAULTS, clock: createManualClock() });
    await expect(sim.listOffers(simContext())).rejects.toThrow('dataset missing');
    expect(await sim.listOffers(simContext())).toHaveLength(200);
    expect(real.seedOffers).toHaveBeenCalledTimes(2);
  });
});

describe('SANDBOX twin: faults', () => {
  const faultsWith = (over: Partial<typeof NO_FAULTS>) => () => ({ ...NO_FAULTS, ...over });

  it('answers 503 when errorRate is 1', async () => {
    const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: faultsWith({ errorRate: 1 }),
      clock: createManualClock(),
    });
    const err = await rejection(sim.listOffers(simContext()));
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect(err).toMatchObject({ status: 503, message: 'simulated 503', retryAfterMs: null });
  });

  it('answers 429 with Retry-After when rateLimitRate is 1', async () => {
    const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: faultsWith({ rateLimitRate: 1 }),
      clock: createManualClock(),
      retryAfterMs: 2_500,
    });
    expect(await rejection(sim.listOffers(simContext()))).toMatchObject({ status: 429, retryAfterMs: 2_500 });
  });

  it('never answers when timeoutRate is 1, until the signal aborts: then it fails like an aborted request', async () => {
    const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: faultsWith({ timeoutRate: 1 }),
      clock: createManualClock(),
    });
    const controller = new AbortController();
    let settled = false;
    const call = rejection(sim.listOffers(simContext(controller.signal))).finally(() => {
      settled = true;
    });
    await sleep(20);
    expect(settled).toBe(false);
    controller.abort();
    const err = await call;
    expect(err).toBeInstanceOf(ProviderHttpError);
    expect((err as ProviderHttpError).status).toBeNull();
  });

  it('never faults when every rate is 0, even on the most fault-prone draw', async () => {
    const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: () => NO_FAULTS,
      clock: createManualClock(),
      random: () => 0,
    });
    for (let i = 0; i < 5; i++) expect(await sim.listOffers(simContext())).toHaveLength(200);
  });

  it('splits one draw over the faults in order: timeout, 503, 429, then success', async () => {
    const draws = [0.1, 0.3, 0.5, 0.7];
    const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: faultsWith({ timeoutRate: 0.2, errorRate: 0.2, rateLimitRate: 0.2 }),
      clock: createManualClock(),
      random: () => draws.shift() ?? 1,
    });
    expect(await rejection(sim.listOffers(simContext(AbortSignal.timeout(10))))).toMatchObject({
      status: null,
    });
    expect(await rejection(sim.listOffers(simContext()))).toMatchObject({ status: 503 });
    expect(await rejection(sim.listOffers(simContext()))).toMatchObject({ status: 429 });
    expect(await sim.listOffers(simContext())).toHaveLength(200);
  });

  it('waits latencyMs before answering, and an abort ends the wait', async () => {
    const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: faultsWith({ latencyMs: 60_000 }),
      clock: createManualClock(),
    });
    const controller = new AbortController();
    const call = rejection(sim.listOffers(simContext(controller.signal)));
    await sleep(10);
    controller.abort();
    expect(await call).toMatchObject({ status: null, message: expect.stringContaining('aborted') });
    expect(await rejection(sim.listOffers(simContext(AbortSignal.abort())))).toMatchObject({ status: null });
    const quick = createSimulatedAdapter(fakeRealAdapter().adapter, {
      faults: faultsWith({ latencyMs: 5 }),
      clock: createManualClock(),
    });
    expect(await quick.listOffers(simContext())).toHaveLength(200);
  });

  it('rejects fault parameters out of range', async () => {
    for (const bad of [
      { errorRate: 1.5 },
      { timeoutRate: -0.1 },
      { rateLimitRate: Number.NaN },
      { latencyMs: -1 },
    ]) {
      const sim = createSimulatedAdapter(fakeRealAdapter().adapter, {
        faults: faultsWith(bad),
        clock: createManualClock(),
      });
      await expect(sim.listOffers(simContext())).rejects.toThrow(RangeError);
    }
  });
});
