import type { FastifyPluginAsync } from 'fastify';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { DomainEvent, Events } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { PlatformSettings } from '../platform-config/index.js';
import { createIdempotencyRepo, POD_USAGE, type SpendGuard } from '../pods/index.js';
import { createBillingRepo } from './billing.repo.js';
import { billingRoutes } from './billing.routes.js';
import { createBillingApi } from './billing-api.js';
import { createInvoicing } from './invoicing.service.js';
import { monthStart } from './metering.js';
import { createMetering, type PodUsagePayload } from './metering.service.js';
import type { PaymentGateway } from './payment-gateway.js';
import { createPlansService } from './plans.service.js';
import { createRenewals } from './renewals.js';
import { createSandboxGateway } from './sandbox.gateway.js';
import { createSpend } from './spend.service.js';
import { createStripeGateway } from './stripe.gateway.js';
import { verifyStripeWebhook, WebhookSignatureError } from './stripe-webhook.js';
import { createSubscriptions } from './subscriptions.service.js';
import { createWebhooks } from './webhooks.service.js';

export const CLOSE_MONTH_JOB = 'billing-close-month';
export const SWEEP_JOB = 'billing-sweep';
const DAY_MS = 86_400_000;

export interface BillingWiring {
  database: Database;
  cache: Cache;
  events: Events;
  jobs: JobQueue;
  mailer: Mailer;
  ids: IdGenerator;
  clock: Clock;
  logger: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    error(o: object, m: string): void;
  };
  settings: PlatformSettings;
  identity: {
    contactOf(userId: string): Promise<{ email: string; name: string } | null>;
    planOf(userId: string): Promise<'free' | 'pro' | 'enterprise' | null>;
    setPlan(
      userId: string,
      plan: 'free' | 'pro' | 'enterprise',
      detail: Record<string, unknown>,
    ): Promise<void>;
  };
  /** Environment fallbacks for the Stripe keys (POD parameters win). */
  stripeEnv: {
    secretKey?: string | undefined;
    publishableKey?: string | undefined;
    webhookSecret?: string | undefined;
  };
  appBaseUrl: string;
  /** Tests: replaces the gateway the POD mode would pick. */
  gateway?: PaymentGateway;
}

export interface BillingModule {
  routes: FastifyPluginAsync;
  /** Pods' spend guard (cap, overdue payment) and metered spend for the dashboard. */
  spendGuard: SpendGuard;
  start(): Promise<void>;
  /** Closes a month now (the cron does it on the 1st); tests and operators call it. */
  closeMonth(periodStart: Date): Promise<{ invoiced: number }>;
  /** Renewals, payment retries and spend alerts (the cron runs it every ten minutes). */
  sweep(): Promise<void>;
}

export function wireBilling(deps: BillingWiring): BillingModule {
  const { settings, clock, ids, logger } = deps;
  const repo = createBillingRepo(deps.database.db);
  const mode = () => settings.mode();
  const secret = (key: string, env: string | undefined) => {
    const v = settings.get(key);
    return typeof v === 'string' && v !== '' ? v : (env ?? null);
  };

  const sandbox = createSandboxGateway({ ids, clock });
  let live: { key: string; gateway: PaymentGateway } | null = null;
  function gateway(): PaymentGateway {
    if (deps.gateway) return deps.gateway;
    if (mode() === 'SANDBOX') return sandbox;
    const secretKey = secret('stripe.secret_key', deps.stripeEnv.secretKey);
    if (!secretKey)
      throw new AppError('provider_unavailable', {
        detail: 'Payments are not configured (stripe.secret_key).',
      });
    const apiBaseUrl = settings.string('stripe.api_base_url');
    const key = `${secretKey}|${apiBaseUrl ?? ''}`;
    if (live?.key !== key) live = { key, gateway: createStripeGateway({ secretKey, apiBaseUrl }) };
    return live.gateway;
  }

  const metering = createMetering({ database: deps.database, ids, clock, logger });
  const plans = createPlansService({ settings, cache: deps.cache, gateway });
  const gracePeriodMs = () => settings.number('billing.grace_period_days') * DAY_MS;
  const spend = createSpend({
    repo,
    metering,
    clock,
    gracePeriodMs,
    mailer: deps.mailer,
    contactOf: deps.identity.contactOf,
    appBaseUrl: deps.appBaseUrl,
  });
  let ensureCustomer: (userId: string) => Promise<string> = async () => {
    throw new Error('billing is not wired yet');
  };
  const invoicing = createInvoicing({
    database: deps.database,
    repo,
    metering,
    gateway,
    mode,
    mailer: deps.mailer,
    contactOf: deps.identity.contactOf,
    retryScheduleDays: () => {
      const v = settings.get('billing.retry_schedule_days');
      return Array.isArray(v) ? v.map(Number).filter((n) => Number.isFinite(n)) : [];
    },
    ensureCustomer: (userId) => ensureCustomer(userId),
    appBaseUrl: deps.appBaseUrl,
    ids,
    clock,
    logger,
  });
  const subscriptions = createSubscriptions({
    database: deps.database,
    repo,
    plans,
    gateway,
    mode,
    identity: deps.identity,
    invoicing,
    ids,
    clock,
  });
  ensureCustomer = async (userId) => (await subscriptions.customer(userId)).customerId;
  const webhooks = createWebhooks({
    database: deps.database,
    repo,
    subscriptions,
    invoicing,
    plans,
    clock,
    logger,
  });
  const renewals = createRenewals({ repo, subscriptions, invoicing, gateway, clock, logger });

  const api = createBillingApi({
    database: deps.database,
    repo,
    plans,
    subscriptions,
    spend,
    invoicing,
    webhooks,
    idempotency: createIdempotencyRepo(),
    mode,
    publishableKey: () => settings.string('stripe.publishable_key') ?? deps.stripeEnv.publishableKey ?? null,
    planOf: deps.identity.planOf,
    contactOf: deps.identity.contactOf,
    verifyWebhook(body, signature) {
      const webhookSecret = secret('stripe.webhook_secret', deps.stripeEnv.webhookSecret);
      if (!webhookSecret)
        throw new AppError('provider_unavailable', {
          detail: 'Stripe webhooks are not configured (stripe.webhook_secret).',
        });
      try {
        return verifyStripeWebhook(body, signature, webhookSecret) as never;
      } catch (err) {
        if (err instanceof WebhookSignatureError) throw new AppError('bad_request', { detail: err.message });
        throw err;
      }
    },
    clock,
  });

  async function onUsage(event: DomainEvent) {
    const payload = event.payload as PodUsagePayload;
    await metering.record(event.id, payload);
    try {
      await spend.alert(payload.user_id);
    } catch (err) {
      logger.warn({ err, user_id: payload.user_id }, 'spend alert check failed');
    }
  }

  async function sweep() {
    await renewals.run();
    for (const customer of await repo.usersWithCap()) {
      try {
        await spend.alert(customer.userId);
      } catch (err) {
        logger.warn({ err, user_id: customer.userId }, 'spend alert check failed');
      }
    }
  }

  return {
    routes: billingRoutes(api),
    spendGuard: {
      check: (userId, perHourMicros, exec) => spend.check(userId, perHourMicros, exec),
      totals: (userId) => spend.totals(userId),
    },
    async start() {
      deps.events.subscriptions.subscribe(POD_USAGE, onUsage);
      await deps.jobs.work(CLOSE_MONTH_JOB, async () => {
        // On the 1st: the month that just ended.
        const now = clock.now();
        await invoicing.closeMonth(monthStart(new Date(monthStart(now).getTime() - 1)));
      });
      await deps.jobs.schedule(CLOSE_MONTH_JOB, '5 0 1 * *');
      await deps.jobs.work(SWEEP_JOB, () => sweep());
      await deps.jobs.schedule(SWEEP_JOB, '*/10 * * * *');
    },
    closeMonth: (periodStart) => invoicing.closeMonth(periodStart),
    sweep,
  };
}
