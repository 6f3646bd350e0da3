import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const micros = (name: string) => bigint(name, { mode: 'number' });

export const BILLING_MODES = ['SANDBOX', 'LIVE'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const PAID_PLANS = ['pro', 'enterprise'] as const;
export const INTERVALS = ['month', 'year'] as const;
export type BillingInterval = (typeof INTERVALS)[number];
/** Stripe's subscription statuses we keep (the rest map onto these). */
export const SUBSCRIPTION_STATUSES = ['incomplete', 'active', 'past_due', 'unpaid', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** `period`: the monthly close (usage); `subscription`: a plan period charged up front; `proration`: a plan change. */
export const INVOICE_KINDS = ['period', 'subscription', 'proration'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export const USAGE_STATUSES = ['ready', 'running', 'stopped'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

/**
 * A user as a paying customer: the payment backend's customer id (LIVE: Stripe `cus_…`; SANDBOX:
 * our own), the default card, the user's monthly spend cap and whether payment is overdue.
 */
export const billingCustomers = pgTable(
  'billing_customers',
  {
    userId: text('user_id').primaryKey(),
    mode: text('mode', { enum: BILLING_MODES }).notNull(),
    customerId: text('customer_id').notNull(),
    defaultPaymentMethodId: text('default_payment_method_id'),
    /** Null: no cap. */
    spendCapMicros: micros('spend_cap_micros'),
    /** When the oldest unpaid invoice first failed; deploys are refused once the grace period is over. */
    paymentFailedAt: ts('payment_failed_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('billing_customers_customer_idx').on(t.customerId)],
);

/** Cards on file (never the number: brand, last four, expiry). */
export const paymentMethods = pgTable(
  'billing_payment_methods',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    mode: text('mode', { enum: BILLING_MODES }).notNull(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: integer('exp_month').notNull(),
    expYear: integer('exp_year').notNull(),
    /** SANDBOX: the outcome its test number stands for when charged (null = charges succeed). */
    chargeFailure: text('charge_failure'),
    createdAt: ts('created_at').notNull(),
    detachedAt: ts('detached_at'),
  },
  (t) => [index('billing_payment_methods_user_idx').on(t.userId, t.createdAt)],
);

/** A user's plan subscription; at most one that is not canceled. */
export const subscriptions = pgTable(
  'billing_subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    mode: text('mode', { enum: BILLING_MODES }).notNull(),
    plan: text('plan', { enum: PAID_PLANS }).notNull(),
    interval: text('interval', { enum: INTERVALS }).notNull(),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
    paymentMethodId: text('payment_method_id'),
    currentPeriodStart: ts('current_period_start').notNull(),
    currentPeriodEnd: ts('current_period_end').notNull(),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** Price of one period in micro-dollars, as subscribed (a later price change applies at renewal). */
    priceMicros: micros('price_micros').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    canceledAt: ts('canceled_at'),
  },
  (t) => [
    uniqueIndex('billing_subscriptions_one_current').on(t.userId).where(sql`status <> 'canceled'`),
    index('billing_subscriptions_period_end_idx').on(t.status, t.currentPeriodEnd),
  ],
);

/**
 * Where a pod's metering stands: the status it is in since `since`, and the rates recorded at
 * deploy. Each usage event closes the interval since `since` into a usage record.
 */
export const usageMeters = pgTable('billing_usage_meters', {
  podId: text('pod_id').primaryKey(),
  userId: text('user_id').notNull(),
  podName: text('pod_name').notNull(),
  provider: text('provider').notNull(),
  gpuModel: text('gpu_model').notNull(),
  gpuCount: integer('gpu_count').notNull(),
  mode: text('mode', { enum: BILLING_MODES }).notNull(),
  status: text('status').notNull(),
  since: ts('since').notNull(),
  pricePerHourMicros: micros('price_per_hour_micros').notNull(),
  markupPercent: real('markup_percent').notNull(),
  storagePerHourMicros: micros('storage_per_hour_micros').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Metered usage, immutable: one record per pod interval in a billable status, split at month
 * boundaries (`period` = the month's first day, UTC). `source_id` is the usage event that closed
 * the interval (or `close:<pod>:<period>` for a month close), unique: a replay adds nothing.
 */
export const usageRecords = pgTable(
  'billing_usage_records',
  {
    id: text('id').primaryKey(),
    sourceId: text('source_id').notNull(),
    userId: text('user_id').notNull(),
    podId: text('pod_id').notNull(),
    podName: text('pod_name').notNull(),
    provider: text('provider').notNull(),
    gpuModel: text('gpu_model').notNull(),
    gpuCount: integer('gpu_count').notNull(),
    mode: text('mode', { enum: BILLING_MODES }).notNull(),
    status: text('status', { enum: USAGE_STATUSES }).notNull(),
    period: text('period').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
    seconds: integer('seconds').notNull(),
    pricePerHourMicros: micros('price_per_hour_micros').notNull(),
    markupPercent: real('markup_percent').notNull(),
    storagePerHourMicros: micros('storage_per_hour_micros').notNull(),
    computeMicros: micros('compute_micros').notNull(),
    markupMicros: micros('markup_micros').notNull(),
    storageMicros: micros('storage_micros').notNull(),
    amountMicros: micros('amount_micros').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('billing_usage_records_source_key').on(t.sourceId, t.period),
    index('billing_usage_records_user_idx').on(t.userId, t.startedAt),
    index('billing_usage_records_period_idx').on(t.period, t.userId),
  ],
);

/** Events handled once: pod usage events from the outbox and Stripe webhook events, by id. */
export const processedEvents = pgTable('billing_processed_events', {
  eventId: text('event_id').primaryKey(),
  source: text('source', { enum: ['usage', 'stripe'] }).notNull(),
  type: text('type').notNull(),
  processedAt: ts('processed_at').notNull(),
});

export interface InvoiceLine {
  kind: 'usage' | 'subscription' | 'proration';
  description: string;
  pod_id: string | null;
  quantity: number;
  unit: 'second' | 'period';
  amount_micros: number;
}

/** Invoice numbers: one sequence, so two instances never issue the same number. */
export const invoiceNumberSeq = pgSequence('billing_invoice_number_seq', { startWith: 1000 });

/** Invoices: the monthly close, a plan period, a plan change. Amounts in micro-dollars. */
export const invoices = pgTable(
  'billing_invoices',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    userId: text('user_id').notNull(),
    mode: text('mode', { enum: BILLING_MODES }).notNull(),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    status: text('status', { enum: INVOICE_STATUSES }).notNull(),
    periodStart: ts('period_start').notNull(),
    periodEnd: ts('period_end').notNull(),
    lines: jsonb('lines').$type<InvoiceLine[]>().notNull(),
    subtotalMicros: micros('subtotal_micros').notNull(),
    totalCents: integer('total_cents').notNull(),
    /** LIVE: the Stripe invoice (`in_…`) and its hosted page. */
    externalId: text('external_id'),
    hostedUrl: text('hosted_url'),
    subscriptionId: text('subscription_id'),
    failureMessage: text('failure_message'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    issuedAt: ts('issued_at').notNull(),
    paidAt: ts('paid_at'),
    emailedAt: ts('emailed_at'),
  },
  (t) => [
    uniqueIndex('billing_invoices_number_key').on(t.number),
    uniqueIndex('billing_invoices_period_key').on(t.userId, t.periodStart).where(sql`kind = 'period'`),
    uniqueIndex('billing_invoices_subscription_period_key')
      .on(t.subscriptionId, t.periodStart)
      .where(sql`kind = 'subscription'`),
    uniqueIndex('billing_invoices_external_key').on(t.externalId),
    index('billing_invoices_user_idx').on(t.userId, t.issuedAt),
    index('billing_invoices_retry_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Spend alerts sent (80 % and 100 % of the cap), once per user, month and threshold. */
export const spendAlerts = pgTable(
  'billing_spend_alerts',
  {
    userId: text('user_id').notNull(),
    period: text('period').notNull(),
    threshold: integer('threshold').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.period, t.threshold] })],
);
