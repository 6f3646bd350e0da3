import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type IdempotencyRepo, requestHash } from '../pods/index.js';
import type { BillingRepo } from './billing.repo.js';
import type { BillingMode } from './billing.tables.js';
import {
  cardView,
  invoiceDetailView,
  invoiceView,
  subscriptionView,
  usageView,
  usd,
} from './billing-views.js';
import { renderInvoiceHtml } from './invoice-html.js';
import type { Invoicing } from './invoicing.service.js';
import { monthStart, nextMonthStart } from './metering.js';
import type { PlansService } from './plans.service.js';
import type { Spend } from './spend.service.js';
import { gatewayProblem, type Subscriptions } from './subscriptions.service.js';
import type { StripeEventLike, Webhooks } from './webhooks.service.js';

const percent = (part: number, whole: number | null) =>
  whole === null || whole <= 0 ? null : Math.round((part / whole) * 1000) / 10;

/** What the routes call: services composed, rows turned into the API's shapes. */
export function createBillingApi(deps: {
  database: Pick<Database, 'transaction'>;
  repo: BillingRepo;
  plans: PlansService;
  subscriptions: Subscriptions;
  spend: Spend;
  invoicing: Invoicing;
  webhooks: Webhooks;
  idempotency: IdempotencyRepo;
  mode(): BillingMode;
  publishableKey(): string | null;
  planOf(userId: string): Promise<'free' | 'pro' | 'enterprise' | null>;
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  verifyWebhook(body: Buffer, signature: string | undefined): StripeEventLike;
  clock: Clock;
}) {
  const { repo } = deps;
  const wireMode = () => (deps.mode() === 'LIVE' ? ('live' as const) : ('sandbox' as const));

  async function summary(userId: string) {
    const [s, plan, sub, open] = await Promise.all([
      deps.spend.summary(userId),
      deps.planOf(userId),
      repo.currentSubscription(userId),
      repo.unpaidInvoices(userId),
    ]);
    const cap = s.capMicros;
    return {
      period: { start: s.period.start.toISOString(), end: s.period.end.toISOString() },
      currency: 'usd' as const,
      month_to_date: usd(s.monthToDateMicros),
      projected_month: usd(s.projectedMicros),
      hourly_rate: Math.round(s.hourlyMicros / 100) / 10_000,
      spend_cap: {
        monthly_limit: cap === null ? null : usd(cap),
        used_percent: percent(s.monthToDateMicros, cap),
        projected_percent: percent(s.projectedMicros, cap),
      },
      breakdown: {
        by_pod: s.byPod.map((b) => ({
          pod_id: b.pod_id,
          pod_name: b.pod_name,
          amount: usd(b.amount_micros),
        })),
        by_provider: s.byProvider.map((b) => ({ provider: b.provider, amount: usd(b.amount_micros) })),
        by_gpu: s.byGpu.map((b) => ({ gpu_model: b.gpu_model, amount: usd(b.amount_micros) })),
        by_day: s.byDay.map((b) => ({ date: b.date, amount: usd(b.amount_micros) })),
      },
      plan: plan ?? 'free',
      subscription: sub ? subscriptionView(sub) : null,
      payment: {
        overdue_since: s.paymentFailedAt?.toISOString() ?? null,
        deploys_blocked_from: s.deploysBlockedAt?.toISOString() ?? null,
        open_invoices: open.length,
      },
    };
  }

  async function ownInvoice(userId: string, id: string) {
    const invoice = await repo.invoice(id, userId);
    if (!invoice) throw new AppError('not_found', { detail: 'No such invoice.' });
    return invoice;
  }

  return {
    async plans() {
      return { items: await deps.plans.list(), mode: wireMode(), currency: 'usd' as const };
    },

    async setupIntent(userId: string) {
      const intent = await deps.subscriptions.setupIntent(userId);
      return { client_secret: intent.clientSecret, publishable_key: deps.publishableKey(), mode: wireMode() };
    },

    async cards(userId: string) {
      const { items, defaultId } = await deps.subscriptions.cards(userId);
      return { items: items.map((c) => cardView(c, defaultId)), default_payment_method_id: defaultId };
    },

    async addCard(
      userId: string,
      body:
        | { card_number: string; exp_month: number; exp_year: number; cvc: string }
        | { payment_method_id: string },
    ) {
      const live = deps.mode() === 'LIVE';
      if ('card_number' in body && live)
        throw new AppError('validation_failed', {
          detail:
            'In LIVE, cards are entered in Stripe’s form: confirm a SetupIntent and send its payment_method_id.',
          errors: [{ path: '/card_number', message: 'card numbers are not accepted in LIVE' }],
        });
      const card = await deps.subscriptions.addCard(
        userId,
        'card_number' in body
          ? {
              card: {
                number: body.card_number,
                expMonth: body.exp_month,
                expYear: body.exp_year,
                cvc: body.cvc,
              },
            }
          : { paymentMethodId: body.payment_method_id },
      );
      return cardView(card, card.id);
    },

    /** Idempotent with `Idempotency-Key` (the first answer is replayed; another body → 409). */
    async subscribe(
      userId: string,
      body: { plan: 'pro' | 'enterprise'; interval: 'month' | 'year'; payment_method_id: string },
      key: string | undefined,
    ): Promise<{ statusCode: number; body: unknown }> {
      const hash = requestHash('billing.subscribe', body);
      if (key) {
        const claim = await deps.database.transaction((tx) =>
          deps.idempotency.claim(tx, {
            userId,
            key,
            scope: 'billing.subscribe',
            requestHash: hash,
            now: deps.clock.now(),
          }),
        );
        if (claim.kind === 'conflict')
          throw new AppError('idempotency_conflict', {
            detail: 'This Idempotency-Key was used for another request (or that request is still running).',
          });
        if (claim.kind === 'replay') return { statusCode: claim.statusCode, body: claim.response };
      }
      try {
        const { subscription, created } = await deps.subscriptions.subscribe(userId, {
          plan: body.plan,
          interval: body.interval,
          paymentMethodId: body.payment_method_id,
          idempotencyKey: key ?? randomUUID(),
        });
        const result = {
          statusCode: created ? 201 : 200,
          body: { subscription: subscriptionView(subscription) },
        };
        if (key)
          await deps.database.transaction((tx) =>
            deps.idempotency.complete(tx, {
              userId,
              key,
              statusCode: result.statusCode,
              response: result.body,
            }),
          );
        return result;
      } catch (err) {
        if (key) await deps.database.transaction((tx) => deps.idempotency.release(tx, { userId, key }));
        throw err;
      }
    },

    async subscription(userId: string) {
      const [plan, sub] = await Promise.all([deps.planOf(userId), repo.currentSubscription(userId)]);
      return { plan: plan ?? 'free', subscription: sub ? subscriptionView(sub) : null };
    },

    async setCancel(userId: string, cancel: boolean) {
      return {
        subscription: subscriptionView(await deps.subscriptions.setCancelAtPeriodEnd(userId, cancel)),
      };
    },

    async usage(userId: string, q: { from?: string; to?: string; limit: number; cursor?: string }) {
      const now = deps.clock.now();
      const from = q.from ? new Date(q.from) : monthStart(now);
      const to = q.to ? new Date(q.to) : nextMonthStart(now);
      if (from.getTime() >= to.getTime())
        throw new AppError('validation_failed', {
          detail: '`from` must be before `to`.',
          errors: [{ path: '/from', message: 'must be before to' }],
        });
      const page = await repo.usage(userId, {
        from,
        to,
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { items: page.items.map(usageView), next_cursor: page.nextCursor };
    },

    summary,

    async setCap(userId: string, monthlyLimit: number | null) {
      await deps.subscriptions.customer(userId);
      await repo.updateCustomer(userId, {
        spendCapMicros: monthlyLimit === null ? null : Math.round(monthlyLimit * 1e6),
        updatedAt: deps.clock.now(),
      });
      return summary(userId);
    },

    async invoices(userId: string, q: { limit: number; cursor?: string }) {
      const page = await repo.invoices(userId, q);
      return { items: page.items.map(invoiceView), next_cursor: page.nextCursor };
    },

    invoice: async (userId: string, id: string) => invoiceDetailView(await ownInvoice(userId, id)),

    async invoiceHtml(userId: string, id: string) {
      const invoice = await ownInvoice(userId, id);
      const contact = (await deps.contactOf(userId)) ?? { name: userId, email: '' };
      return {
        number: invoice.number,
        body: renderInvoiceHtml(invoice, contact, { name: 'GPUBROKER', url: 'https://gpubroker.com' }),
      };
    },

    async payInvoice(userId: string, id: string) {
      const invoice = await ownInvoice(userId, id);
      if (invoice.status !== 'open')
        throw new AppError('conflict', { detail: `The invoice is ${invoice.status}.` });
      const settled = await deps.invoicing.payNow(invoice).catch((err: unknown) => {
        throw gatewayProblem(err);
      });
      if (settled.status !== 'paid')
        throw new AppError('payment_failed', { detail: settled.failureMessage ?? 'The card was declined.' });
      return invoiceDetailView(settled);
    },

    async webhook(body: Buffer, signature: string | undefined) {
      const event = deps.verifyWebhook(body, signature);
      const fresh = await deps.webhooks.process(event);
      return { received: true, duplicate: !fresh };
    },
  };
}

export type BillingApi = ReturnType<typeof createBillingApi>;
