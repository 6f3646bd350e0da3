import { vi } from 'vitest';
import type { Availability, ProviderAdapter, ProviderContext, ProviderOffer } from '../catalog.types.js';

/** 200 seed offers with varied prices; every 50th is unavailable and every 40th limited in the seed. */
export function seedList(count = 200): ProviderOffer[] {
  return Array.from({ length: count }, (_, i) => {
    const availability: Availability = i % 50 === 0 ? 'unavailable' : i % 40 === 0 ? 'limited' : 'available';
    return {
      providerOfferId: `type-${i}:region-${i % 7}`,
      gpuName: i % 2 ? 'H100 SXM' : 'A10',
      gpuCount: 1 + (i % 8),
      gpuVramGb: 80,
      vcpus: 8,
      ramGb: 64,
      storageGb: 100,
      region: `region-${i % 7}`,
      country: null,
      spot: i % 3 === 0,
      availability,
      pricePerHour: Math.round((0.1 + i * 0.3719) * 1e4) / 1e4,
    };
  });
}

/** A real adapter whose API must never be called by the twin; counts seed loads. */
export function fakeRealAdapter(offers: ProviderOffer[] = seedList()) {
  const seedOffers = vi.fn(async () => ({ source: 'test seed', offers }));
  const listOffers = vi.fn(async (): Promise<ProviderOffer[]> => {
    throw new Error('the SANDBOX twin called the real provider');
  });
  const adapter: ProviderAdapter = {
    id: 'runpod',
    name: 'RunPod',
    kind: 'live',
    defaultBaseUrl: 'https://api.runpod.example',
    docsUrl: 'https://docs.runpod.example',
    supportsProvisioning: false,
    credential: 'required',
    listOffers,
    seedOffers,
  };
  return { adapter, seedOffers, listOffers };
}

/** A context whose HTTP client fails the test if used. */
export function simContext(signal: AbortSignal = new AbortController().signal): ProviderContext {
  return {
    http: {
      baseUrl: 'http://unused.invalid',
      request: async () => {
        throw new Error('the SANDBOX twin used ctx.http');
      },
    },
    credential: null,
    signal,
    usdPerEur: 1,
  };
}

export const NO_FAULTS = { latencyMs: 0, errorRate: 0, timeoutRate: 0, rateLimitRate: 0 };
