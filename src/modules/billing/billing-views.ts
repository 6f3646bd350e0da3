import type { CardRow, InvoiceRow, SubscriptionRow, UsageRow } from './billing.repo.js';

/** Micro-dollars → USD, to the cent for totals and to the micro-dollar's 1/10,000 for rates. */
export const usd = (micros: number) => Math.round(micros / 10_000) / 100;
const rate = (micros: number) => Math.round(micros) / 1e6;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function subscriptionView(s: SubscriptionRow) {
  return {
    id: s.id,
    plan: s.plan,
    interval: s.interval,
    status: s.status,
    current_period_start: s.currentPeriodStart.toISOString(),
    current_period_end: s.currentPeriodEnd.toISOString(),
    cancel_at_period_end: s.cancelAtPeriodEnd,
    price: usd(s.priceMicros),
    payment_method_id: s.paymentMethodId,
  };
}

export function cardView(c: CardRow, defaultId: string | null) {
  return {
    payment_method_id: c.id,
    brand: c.brand,
    last4: c.last4,
    exp_month: c.expMonth,
    exp_year: c.expYear,
    is_default: c.id === defaultId,
  };
}

export function usageView(r: UsageRow) {
  return {
    id: r.id,
    pod_id: r.podId,
    pod_name: r.podName,
    provider: r.provider,
    gpu_model: r.gpuModel,
    gpu_count: r.gpuCount,
    status: r.status,
    started_at: r.startedAt.toISOString(),
    ended_at: r.endedAt.toISOString(),
    seconds: r.seconds,
    price_per_hour: rate(r.pricePerHourMicros),
    markup_percent: r.markupPercent,
    storage_per_hour: rate(r.storagePerHourMicros),
    compute: rate(r.computeMicros),
    markup: rate(r.markupMicros),
    storage: rate(r.storageMicros),
    amount: rate(r.amountMicros),
  };
}

export function invoiceView(i: InvoiceRow) {
  return {
    id: i.id,
    number: i.number,
    kind: i.kind,
    status: i.status,
    period_start: i.periodStart.toISOString(),
    period_end: i.periodEnd.toISOString(),
    currency: 'usd' as const,
    total: i.totalCents / 100,
    issued_at: i.issuedAt.toISOString(),
    paid_at: iso(i.paidAt),
    failure_message: i.failureMessage,
    next_attempt_at: iso(i.nextAttemptAt),
    hosted_url: i.hostedUrl,
  };
}

export function invoiceDetailView(i: InvoiceRow) {
  return {
    ...invoiceView(i),
    subtotal: usd(i.subtotalMicros),
    lines: i.lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      pod_id: l.pod_id,
      quantity: l.quantity,
      unit: l.unit,
      amount: usd(l.amount_micros),
    })),
  };
}
