import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { BillingRepo, CardRow, CustomerRow, SubscriptionRow } from './billing.repo.js';
import type { BillingInterval, BillingMode, InvoiceKind, InvoiceLine } from './billing.tables.js';
import type { Invoicing } from './invoicing.service.js';
import {
  type GatewayCard,
  type GatewayInvoice,
  type GatewaySubscription,
  PaymentDeclinedError,
  type PaymentGateway,
  PaymentRequestError,
  type TestCardInput,
} from './payment-gateway.js';
import type { PlansService } from './plans.service.js';

type PaidPlan = 'pro' | 'enterprise';

export interface BillingIdentity {
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  setPlan(userId: string, plan: 'free' | PaidPlan, detail: Record<string, unknown>): Promise<void>;
}

export const cardOf = (row: CardRow): GatewayCard => ({
  id: row.id,
  brand: row.brand,
  last4: row.last4,
  expMonth: row.expMonth,
  expYear: row.expYear,
  chargeFailure: row.chargeFailure,
});

/** A gateway failure as the API's problem: a decline is 402, a bad request 422, anything else 503. */
export function gatewayProblem(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof PaymentDeclinedError)
    return new AppError('payment_failed', {
      detail: err.message,
      extensions: { decline_code: err.declineCode },
    });
  if (err instanceof PaymentRequestError)
    return new AppError('validation_failed', {
      detail: err.message,
      ...(err.field ? { errors: [{ path: `/${err.field}`, message: err.message }] } : {}),
    });
  return new AppError('provider_unavailable', {
    detail: `The payment service did not answer: ${err instanceof Error ? err.message : String(err)}`,
  });
}

/**
 * Customers, cards and plan subscriptions. The gateway is called outside any transaction (it is
 * a network call); what it answered is then written in one. The user's plan and role follow the
 * subscription: active (or past due, within grace) → the plan; canceled → FREE.
 */
export function createSubscriptions(deps: {
  database: Pick<Database, 'transaction'>;
  repo: BillingRepo;
  plans: PlansService;
  gateway(): PaymentGateway;
  mode(): BillingMode;
  identity: BillingIdentity;
  invoicing: Invoicing;
  ids: IdGenerator;
  clock: Clock;
}) {
  const { repo, clock } = deps;

  async function call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw gatewayProblem(err);
    }
  }

  /** The user's customer in the current mode (a POD switched to LIVE starts a new Stripe customer). */
  async function customer(userId: string): Promise<CustomerRow> {
    const mode = deps.mode();
    const existing = await repo.customer(userId);
    if (existing && existing.mode === mode) return existing;
    const contact = await deps.identity.contactOf(userId);
    if (!contact) throw new AppError('not_found', { detail: 'No such user.' });
    const customerId = await call(() => deps.gateway().ensureCustomer({ userId, ...contact }));
    const now = clock.now();
    return repo.upsertCustomer({
      userId,
      mode,
      customerId,
      defaultPaymentMethodId: null,
      spendCapMicros: existing?.spendCapMicros ?? null,
      paymentFailedAt: existing?.paymentFailedAt ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }

  async function saveCard(userId: string, card: GatewayCard): Promise<CardRow> {
    const now = clock.now();
    return deps.database.transaction(async (tx) => {
      const row = await repo.insertCard({ ...card, userId, mode: deps.mode(), createdAt: now }, tx);
      await repo.updateCustomer(userId, { defaultPaymentMethodId: row.id, updatedAt: now }, tx);
      return row;
    });
  }

  async function chargeCard(userId: string, paymentMethodId: string): Promise<CardRow> {
    const card = await repo.card(userId, paymentMethodId);
    if (!card || card.mode !== deps.mode())
      throw new AppError('validation_failed', {
        detail: 'No such payment method: add a card first.',
        errors: [{ path: '/payment_method_id', message: 'is not one of your cards' }],
      });
    return card;
  }

  async function recordInvoice(
    sub: { id: string; userId: string },
    kind: InvoiceKind,
    invoice: GatewayInvoice | null,
    lines: InvoiceLine[],
    period: { start: Date; end: Date },
  ) {
    if (!invoice) return;
    await deps.invoicing.recordCharged({
      userId: sub.userId,
      subscriptionId: sub.id,
      kind,
      invoice,
      lines,
      period,
    });
  }

  const describe = (plan: PaidPlan, interval: BillingInterval) =>
    `${plan === 'pro' ? 'Pro' : 'Enterprise'} plan, ${interval === 'month' ? 'monthly' : 'annual'}`;

  return {
    customer,

    async setupIntent(userId: string) {
      const c = await customer(userId);
      return call(() => deps.gateway().createSetupIntent(c.customerId));
    },

    /** SANDBOX: a test card; LIVE: a payment method Stripe's form confirmed. The new card is the default. */
    async addCard(
      userId: string,
      input: { card?: TestCardInput; paymentMethodId?: string },
    ): Promise<CardRow> {
      const c = await customer(userId);
      const gateway = deps.gateway();
      const card = await call(() =>
        input.paymentMethodId
          ? gateway.attachPaymentMethod(c.customerId, input.paymentMethodId)
          : gateway.addTestCard(c.customerId, input.card!),
      );
      return saveCard(userId, card);
    },

    async cards(userId: string) {
      const c = await repo.customer(userId);
      return { items: await repo.cards(userId, deps.mode()), defaultId: c?.defaultPaymentMethodId ?? null };
    },

    current: (userId: string) => repo.currentSubscription(userId),

    /**
     * Subscribe, or change plan. The same plan and interval again answers the subscription as it
     * is (nothing charged twice); another plan or interval changes it with proration.
     */
    async subscribe(
      userId: string,
      input: { plan: PaidPlan; interval: BillingInterval; paymentMethodId: string; idempotencyKey: string },
    ): Promise<{ subscription: SubscriptionRow; created: boolean }> {
      const card = await chargeCard(userId, input.paymentMethodId);
      const price = await deps.plans.price(input.plan, input.interval);
      const c = await customer(userId);
      const now = clock.now();
      const existing = await repo.currentSubscription(userId);
      if (existing && existing.plan === input.plan && existing.interval === input.interval) {
        if (existing.paymentMethodId !== card.id)
          return {
            subscription: (await repo.updateSubscription(existing.id, {
              paymentMethodId: card.id,
              updatedAt: now,
            }))!,
            created: false,
          };
        return { subscription: existing, created: false };
      }
      if (existing && existing.status !== 'active')
        throw new AppError('payment_failed', {
          detail: `Your ${existing.plan} subscription is ${existing.status}: pay the open invoice before changing plan.`,
        });
      const gateway = deps.gateway();
      let answer: GatewaySubscription;
      if (existing) {
        answer = await call(() =>
          gateway.changeSubscription({
            externalId: existing.id,
            price,
            card: cardOf(card),
            current: {
              priceMicros: existing.priceMicros,
              periodStart: existing.currentPeriodStart,
              periodEnd: existing.currentPeriodEnd,
            },
            idempotencyKey: `change-${input.idempotencyKey}`,
            now,
          }),
        );
      } else {
        answer = await call(() =>
          gateway.createSubscription({
            customerId: c.customerId,
            userId,
            price,
            card: cardOf(card),
            idempotencyKey: `subscribe-${input.idempotencyKey}`,
            now,
          }),
        );
      }
      const row = {
        plan: input.plan,
        interval: input.interval,
        status: answer.status,
        paymentMethodId: card.id,
        currentPeriodStart: answer.currentPeriodStart,
        currentPeriodEnd: answer.currentPeriodEnd,
        cancelAtPeriodEnd: answer.cancelAtPeriodEnd,
        priceMicros: price.amountMicros,
        updatedAt: now,
      };
      const saved = existing
        ? (await repo.updateSubscription(existing.id, row))!
        : await repo.insertSubscription({
            ...row,
            id: answer.externalId,
            userId,
            mode: deps.mode(),
            createdAt: now,
          });
      const period = { start: answer.currentPeriodStart, end: answer.currentPeriodEnd };
      const line: InvoiceLine = {
        kind: existing ? 'proration' : 'subscription',
        description: existing
          ? `Change from ${describe(existing.plan, existing.interval)} to ${describe(input.plan, input.interval)} (prorated)`
          : describe(input.plan, input.interval),
        pod_id: null,
        quantity: 1,
        unit: 'period',
        amount_micros: (answer.invoice?.totalCents ?? 0) * 10_000,
      };
      await recordInvoice(saved, existing ? 'proration' : 'subscription', answer.invoice, [line], period);
      if (saved.status === 'active')
        await deps.identity.setPlan(userId, input.plan, {
          subscription_id: saved.id,
          interval: input.interval,
        });
      return { subscription: saved, created: !existing };
    },

    /** Cancel at period end (or undo it): the plan stays until then. */
    async setCancelAtPeriodEnd(userId: string, cancel: boolean): Promise<SubscriptionRow> {
      const sub = await repo.currentSubscription(userId);
      if (!sub) throw new AppError('not_found', { detail: 'You have no paid subscription.' });
      if (sub.cancelAtPeriodEnd === cancel) return sub;
      await call(() => deps.gateway().setCancelAtPeriodEnd(sub.id, cancel));
      return (await repo.updateSubscription(sub.id, { cancelAtPeriodEnd: cancel, updatedAt: clock.now() }))!;
    },

    /**
     * The backend says how a subscription stands now (Stripe webhook, or the sandbox renewal):
     * store it, and move the user's plan with it.
     */
    async sync(
      id: string,
      state: Partial<
        Pick<
          SubscriptionRow,
          | 'status'
          | 'currentPeriodStart'
          | 'currentPeriodEnd'
          | 'cancelAtPeriodEnd'
          | 'plan'
          | 'interval'
          | 'priceMicros'
        >
      >,
    ): Promise<SubscriptionRow | undefined> {
      const now = clock.now();
      const saved = await repo.updateSubscription(id, {
        ...state,
        ...(state.status === 'canceled' ? { canceledAt: now } : {}),
        updatedAt: now,
      });
      if (!saved) return undefined;
      const plan = saved.status === 'canceled' || saved.status === 'unpaid' ? 'free' : saved.plan;
      await deps.identity.setPlan(saved.userId, plan, { subscription_id: saved.id, status: saved.status });
      return saved;
    },
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
