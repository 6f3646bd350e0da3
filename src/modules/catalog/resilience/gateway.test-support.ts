import { afterEach } from 'vitest';
import { createMemoryCache } from '../../../platform/cache/index.js';
import { createManualClock } from '../../../platform/clock/clock.js';
import { createMemoryRateLimiter } from '../../../platform/ratelimit/index.js';
import type { ProviderAdapter, ProviderOffer } from '../catalog.types.js';
import {
  createProviderGateway,
  type ProviderCallConfig,
  type ProviderGatewayDeps,
} from './provider-gateway.js';
import {
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from './scripted-server.test-support.js';

export const OFFER_A: ProviderOffer = {
  providerOfferId: 'gpu_1x_h100:us-east-1',
  gpuName: 'H100 SXM',
  gpuCount: 1,
  gpuVramGb: 80,
  vcpus: 26,
  ramGb: 225,
  storageGb: 512,
  region: 'us-east-1',
  country: 'US',
  spot: false,
  availability: 'available',
  pricePerHour: 2.49,
};
export const OFFER_B: ProviderOffer = { ...OFFER_A, providerOfferId: 'gpu_1x_a10:us-west-1', gpuName: 'A10' };

/** `{ offers, next? }` bodies: the stand-in adapter follows `next` like a paginating provider. */
export const page = (offers: ProviderOffer[], next?: string): ScriptedReply => ({
  status: 200,
  body: { offers, next },
});

/** A tiny live adapter that lists offers over `ctx.http`, sending the credential as a bearer token. */
export function standInAdapter(
  defaultBaseUrl: string | null = null,
  credential: ProviderAdapter['credential'] = 'none',
): ProviderAdapter {
  return {
    id: 'lambda',
    name: 'Stand-in',
    kind: 'live',
    defaultBaseUrl,
    docsUrl: 'https://example.test/docs',
    supportsProvisioning: false,
    credential,
    async listOffers(ctx) {
      const offers: ProviderOffer[] = [];
      let path: string | undefined = '/offers';
      while (path) {
        const body: { offers: ProviderOffer[]; next?: string } = await ctx.http.request('GET', path, {
          headers: { authorization: `Bearer ${ctx.credential}` },
        });
        offers.push(...body.offers);
        path = body.next;
      }
      return offers;
    },
    async seedOffers() {
      return { source: 'none', offers: [] };
    },
  };
}

export interface LogLine {
  level: 'warn' | 'info';
  o: Record<string, unknown>;
  m: string;
}

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * A gateway over a scripted server with fast policies (1 ms backoff, 3 attempts, breaker after
 * 5 failures) and an effectively unlimited bucket; `deps` and `config` override any of it.
 */
export async function gatewayOver(
  script: ScriptedReply[],
  opts: { deps?: Partial<ProviderGatewayDeps>; config?: Partial<ProviderCallConfig> } = {},
) {
  const server = await startScriptedServer(script);
  servers.push(server);
  const logs: LogLine[] = [];
  const clock = createManualClock();
  const cache = createMemoryCache({ clock });
  const gateway = createProviderGateway({
    adapter: standInAdapter(),
    config: () => ({
      baseUrl: server.baseUrl,
      credential: 'test-key',
      timeoutMs: 2_000,
      ratePerMinute: 60_000,
      usdPerEur: 1,
      ...opts.config,
    }),
    limiter: createMemoryRateLimiter(),
    cache,
    logger: {
      warn: (o, m) => logs.push({ level: 'warn', o: o as Record<string, unknown>, m }),
      info: (o, m) => logs.push({ level: 'info', o: o as Record<string, unknown>, m }),
    },
    retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 20 },
    breaker: { consecutiveFailures: 5, halfOpenAfterMs: 60_000 },
    ...opts.deps,
  });
  const retries = () => logs.filter((l) => l.m === 'provider fetch failed, retrying').map((l) => l.o);
  return { server, gateway, logs, retries, cache, clock };
}
