import type { Cache } from '../../platform/cache/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { PlatformSettings } from '../platform-config/index.js';
import type { BillingInterval } from './billing.tables.js';
import { usd } from './billing-views.js';
import type { GatewayPlanPrice, PaymentGateway } from './payment-gateway.js';

export type PlanId = 'free' | 'pro' | 'enterprise';
const PLAN_IDS: PlanId[] = ['free', 'pro', 'enterprise'];
const NAMES: Record<PlanId, string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' };
const CACHE_KEY = 'billing:plans:stripe';
const CACHE_TTL_MS = 10 * 60_000;

export interface PlanView {
  id: PlanId;
  name: string;
  monthly_price: number;
  annual_price: number;
  markup_percent: number;
  features: string[];
  limits: { max_running_pods: number; api_keys: number; seats: number; spot_access: boolean };
  /** Whether it can be bought now (LIVE: Stripe has a price for it). */
  purchasable: boolean;
}

/**
 * FREE / PRO / ENTERPRISE. Markup, limits and features are configuration; prices are
 * configuration in SANDBOX and Stripe Prices in LIVE (cached ten minutes, dropped by the webhook
 * when a product or price changes, so the plans page follows Stripe without a deploy).
 */
export function createPlansService(deps: {
  settings: PlatformSettings;
  cache: Cache;
  gateway(): PaymentGateway;
}) {
  const { settings } = deps;

  function configPrice(plan: 'pro' | 'enterprise', interval: BillingInterval): GatewayPlanPrice {
    const key = interval === 'month' ? 'monthly_price_usd' : 'annual_price_usd';
    return {
      plan,
      interval,
      amountMicros: Math.round(settings.number(`plans.${plan}.${key}`) * 1e6),
      externalId: null,
    };
  }

  async function stripePrices(): Promise<GatewayPlanPrice[]> {
    try {
      return await deps.cache.getOrSet(
        CACHE_KEY,
        CACHE_TTL_MS,
        async () => (await deps.gateway().listPlanPrices()) ?? [],
      );
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('provider_unavailable', {
        detail: `Plans cannot be listed: Stripe did not answer (${err instanceof Error ? err.message : String(err)}).`,
        retryAfterSeconds: 30,
      });
    }
  }

  async function prices(): Promise<GatewayPlanPrice[]> {
    if (deps.gateway().kind === 'sandbox')
      return (['pro', 'enterprise'] as const).flatMap((p) => [
        configPrice(p, 'month'),
        configPrice(p, 'year'),
      ]);
    return stripePrices();
  }

  return {
    async list(): Promise<PlanView[]> {
      const all = await prices();
      return PLAN_IDS.map((id) => {
        const of = (interval: BillingInterval) => all.find((p) => p.plan === id && p.interval === interval);
        const monthly = of('month');
        const annual = of('year');
        const features = settings.get(`plans.${id}.features`);
        return {
          id,
          name: monthly?.name ?? NAMES[id],
          monthly_price: monthly ? usd(monthly.amountMicros) : 0,
          annual_price: annual ? usd(annual.amountMicros) : 0,
          markup_percent: settings.number(`markup_percent.${id}`),
          features: monthly?.features?.length ? monthly.features : Array.isArray(features) ? features : [],
          limits: {
            max_running_pods: settings.number(`limits.max_running_pods.${id}`),
            api_keys: settings.number(`limits.api_keys.${id}`),
            seats: settings.number(`limits.seats.${id}`),
            spot_access: settings.boolean(`limits.spot_access.${id}`),
          },
          purchasable: id === 'free' || (monthly !== undefined && annual !== undefined),
        };
      });
    },

    /** The price to subscribe at; 503 when LIVE has no Stripe price for it (operators must add one). */
    async price(plan: 'pro' | 'enterprise', interval: BillingInterval): Promise<GatewayPlanPrice> {
      const found = (await prices()).find((p) => p.plan === plan && p.interval === interval);
      if (!found)
        throw new AppError('provider_unavailable', {
          detail: `The ${plan} plan cannot be bought ${interval}ly right now: Stripe has no active price for it.`,
        });
      return found;
    },

    /** A product or price changed at Stripe: the next listing reads them again. */
    invalidate: () => deps.cache.delete(CACHE_KEY),
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
