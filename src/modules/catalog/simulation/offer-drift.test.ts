import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../platform/clock/clock.js';
import type { ProviderOffer } from '../catalog.types.js';
import { SIM_BUCKET_MS } from './offer-drift.js';
import { createSimulatedAdapter, type SimulatedAdapterDeps } from './simulated-adapter.js';
import { fakeRealAdapter, NO_FAULTS, seedList, simContext } from './simulation.test-support.js';

const SEED = seedList();
const START = Date.UTC(2026, 0, 1);

/** The twin's offers at `atMs`, keyed by offer id. */
function twinAt(drift?: SimulatedAdapterDeps['drift'], provider = fakeRealAdapter()) {
  const clock = createManualClock(START);
  const sim = createSimulatedAdapter(provider.adapter, { faults: () => NO_FAULTS, clock, drift });
  return async (atMs: number) => {
    clock.set(atMs);
    return new Map((await sim.listOffers(simContext())).map((o) => [o.providerOfferId, o]));
  };
}

const seedById = new Map(SEED.map((o) => [o.providerOfferId, o]));
const seedOf = (o: ProviderOffer) => seedById.get(o.providerOfferId) as ProviderOffer;
const isFourDecimals = (n: number) => Math.abs(n * 1e4 - Math.round(n * 1e4)) < 1e-6;

describe('SANDBOX twin: price drift and availability churn', () => {
  it('moves each price by at most ±3 % of its seed, in both directions, rounded to 4 decimals', async () => {
    const at = twinAt();
    const moves: number[] = [];
    for (let b = 0; b < 30; b++) {
      for (const offer of (await at(START + b * SIM_BUCKET_MS)).values()) {
        const seed = seedOf(offer).pricePerHour;
        expect(isFourDecimals(offer.pricePerHour)).toBe(true);
        expect(offer.pricePerHour).toBeGreaterThanOrEqual(Math.round(seed * 0.97 * 1e4) / 1e4);
        expect(offer.pricePerHour).toBeLessThanOrEqual(Math.round(seed * 1.03 * 1e4) / 1e4);
        moves.push(offer.pricePerHour / seed - 1);
      }
    }
    expect(Math.min(...moves)).toBeLessThan(-0.025);
    expect(Math.max(...moves)).toBeGreaterThan(0.025);
  });

  it('is stable within a 5-minute bucket and changes in the next one', async () => {
    const at = twinAt();
    const start = await at(START + 7 * SIM_BUCKET_MS);
    const end = await at(START + 8 * SIM_BUCKET_MS - 1);
    const next = await at(START + 8 * SIM_BUCKET_MS);
    expect([...end.values()]).toEqual([...start.values()]);
    const changed = [...next.values()].filter(
      (o) => o.pricePerHour !== start.get(o.providerOfferId)?.pricePerHour,
    );
    expect(changed.length).toBeGreaterThan(SEED.length * 0.9);
  });

  it('never prices below half the seed price, however large the drift', async () => {
    const at = twinAt({ priceDrift: 0.9 });
    let atFloor = 0;
    for (let b = 0; b < 20; b++) {
      for (const offer of (await at(START + b * SIM_BUCKET_MS)).values()) {
        const seed = seedOf(offer).pricePerHour;
        expect(offer.pricePerHour).toBeGreaterThanOrEqual(seed * 0.5);
        expect(isFourDecimals(offer.pricePerHour)).toBe(true);
        if (offer.pricePerHour < seed * 0.5 + 1e-4) atFloor++;
      }
    }
    expect(atFloor).toBeGreaterThan(0);
  });

  it('takes a share of offers to limited or unavailable each bucket, and brings them back later', async () => {
    const at = twinAt();
    const buckets: Array<Map<string, ProviderOffer>> = [];
    for (let b = 0; b < 40; b++) buckets.push(await at(START + b * SIM_BUCKET_MS));
    const seedAvailable = SEED.filter((o) => o.availability === 'available').map((o) => o.providerOfferId);
    for (const offers of buckets) {
      const down = seedAvailable.filter((id) => offers.get(id)?.availability === 'unavailable').length;
      const limited = seedAvailable.filter((id) => offers.get(id)?.availability === 'limited').length;
      expect(down).toBeGreaterThan(0);
      expect(down).toBeLessThan(seedAvailable.length * 0.15);
      expect(limited).toBeGreaterThan(0);
      expect(limited).toBeLessThan(seedAvailable.length * 0.25);
    }
    const downIn = (b: number) =>
      seedAvailable.filter((id) => buckets[b]?.get(id)?.availability === 'unavailable');
    expect(downIn(1)).not.toEqual(downIn(0));
    for (const id of downIn(0)) {
      const back = buckets.findIndex((offers, b) => b > 0 && offers.get(id)?.availability === 'available');
      expect(back).toBeGreaterThan(0);
    }
  });

  it('never makes an offer more available than its seed says', async () => {
    const at = twinAt();
    const seedDown = SEED.filter((o) => o.availability === 'unavailable').map((o) => o.providerOfferId);
    expect(seedDown.length).toBeGreaterThan(0);
    for (let b = 0; b < 20; b++) {
      const offers = await at(START + b * SIM_BUCKET_MS);
      for (const id of seedDown) expect(offers.get(id)?.availability).toBe('unavailable');
    }
  });

  it('is deterministic given the clock: two twins agree; another provider drifts differently', async () => {
    const one = await twinAt()(START + 3 * SIM_BUCKET_MS);
    const two = await twinAt()(START + 3 * SIM_BUCKET_MS);
    expect([...two.values()]).toEqual([...one.values()]);
    const other = fakeRealAdapter();
    other.adapter.id = 'vast';
    const elsewhere = await twinAt(undefined, other)(START + 3 * SIM_BUCKET_MS);
    const samePrice = [...elsewhere.values()].filter(
      (o) => o.pricePerHour === one.get(o.providerOfferId)?.pricePerHour,
    );
    expect(samePrice.length).toBeLessThan(SEED.length * 0.1);
  });

  it('keeps every other field of the seed offer', async () => {
    const offers = await twinAt()(START);
    for (const offer of offers.values()) {
      const { pricePerHour: _p, availability: _a, ...rest } = offer;
      const { pricePerHour: _sp, availability: _sa, ...seedRest } = seedOf(offer);
      expect(rest).toEqual(seedRest);
    }
  });
});
