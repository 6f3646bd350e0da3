import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { BillingRepo, InvoiceRow } from './billing.repo.js';
import type { BillingMode, InvoiceKind, InvoiceLine } from './billing.tables.js';
import { usageLines } from './invoice-lines.js';
import { periodOf } from './metering.js';
import type { Metering } from './metering.service.js';
import type { GatewayCard, GatewayInvoice, PaymentGateway } from './payment-gateway.js';

const DAY_MS = 86_400_000;

/**
 * Invoices: the monthly close (usage of the month, charged to the default card), invoices the
 * gateway made for plan charges, payment outcomes (webhooks, sandbox retries) and the overdue
 * state deploys are refused on once the grace period is over.
 */
export function createInvoicing(deps: {
  database: Pick<Database, 'transaction'>;
  repo: BillingRepo;
  metering: Metering;
  gateway(): PaymentGateway;
  mode(): BillingMode;
  mailer: Pick<Mailer, 'send'>;
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  retryScheduleDays(): number[];
  /** The user's customer id at the payment backend (created on first need). */
  ensureCustomer(userId: string): Promise<string>;
  appBaseUrl: string;
  ids: IdGenerator;
  clock: Clock;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
}) {
  const { repo, clock } = deps;

  async function mail(invoice: InvoiceRow) {
    const to = await deps.contactOf(invoice.userId);
    if (!to) return;
    const link = `${deps.appBaseUrl}/billing/invoices/${invoice.id}`;
    const period = invoice.kind === 'period' ? periodOf(invoice.periodStart) : invoice.number;
    await deps.mailer.send(
      'invoice',
      to.email,
      { name: to.name, period, totalUsd: invoice.totalCents / 100, link },
      { invoice_id: invoice.id },
    );
    if (invoice.status === 'open')
      await deps.mailer.send(
        'generic-notice',
        to.email,
        {
          subject: `Payment failed for invoice ${invoice.number}`,
          message:
            `We could not charge your card for invoice ${invoice.number} (${invoice.failureMessage ?? 'declined'}). ` +
            `We will try again; you can also pay now with another card at ${link}.`,
        },
        { invoice_id: invoice.id },
      );
    await repo.updateInvoice(invoice.id, { emailedAt: clock.now() });
  }

  function nextAttempt(attempts: number, failedAt: Date): Date | null {
    const days = deps.retryScheduleDays()[attempts - 1];
    return days === undefined ? null : new Date(failedAt.getTime() + days * DAY_MS);
  }

  /** A payment outcome for an invoice: paid clears the overdue state once nothing is left open. */
  async function settle(invoice: InvoiceRow, answer: GatewayInvoice): Promise<InvoiceRow> {
    const now = clock.now();
    return deps.database.transaction(async (tx) => {
      const customer = await repo.lockCustomer(invoice.userId, tx);
      if (answer.status === 'paid') {
        const saved = (await repo.updateInvoice(
          invoice.id,
          { status: 'paid', paidAt: now, failureMessage: null, nextAttemptAt: null },
          tx,
        ))!;
        const open = (await repo.unpaidInvoices(invoice.userId, tx)).filter((i) => i.id !== invoice.id);
        if (customer && open.length === 0)
          await repo.updateCustomer(invoice.userId, { paymentFailedAt: null, updatedAt: now }, tx);
        return saved;
      }
      const attempts = invoice.attempts + 1;
      const saved = (await repo.updateInvoice(
        invoice.id,
        {
          status: answer.status,
          failureMessage: answer.failureMessage,
          attempts,
          nextAttemptAt: deps.gateway().renewsItself ? null : nextAttempt(attempts, now),
        },
        tx,
      ))!;
      if (customer && !customer.paymentFailedAt)
        await repo.updateCustomer(invoice.userId, { paymentFailedAt: now, updatedAt: now }, tx);
      return saved;
    });
  }

  async function insert(input: {
    userId: string;
    kind: InvoiceKind;
    subscriptionId: string | null;
    period: { start: Date; end: Date };
    lines: InvoiceLine[];
    answer: GatewayInvoice;
  }): Promise<InvoiceRow | null> {
    const now = clock.now();
    const subtotal = input.lines.reduce((s, l) => s + l.amount_micros, 0);
    const row = await repo.insertInvoice({
      id: deps.ids.newId('invoice'),
      number: await repo.nextInvoiceNumber(periodOf(now)),
      userId: input.userId,
      mode: deps.mode(),
      kind: input.kind,
      status: 'open',
      periodStart: input.period.start,
      periodEnd: input.period.end,
      lines: input.lines,
      subtotalMicros: subtotal,
      totalCents: input.answer.totalCents,
      externalId: input.answer.externalId,
      hostedUrl: input.answer.hostedUrl,
      subscriptionId: input.subscriptionId,
      failureMessage: null,
      attempts: 0,
      issuedAt: now,
    });
    if (!row) return null;
    const settled = await settle(row, input.answer);
    await mail(settled);
    return settled;
  }

  /** The card a charge goes to: the subscription's own card for its invoices, else the user's default. */
  async function defaultCard(
    userId: string,
    subscriptionId: string | null = null,
  ): Promise<GatewayCard | null> {
    const sub = subscriptionId ? await repo.subscription(subscriptionId) : undefined;
    const c = sub?.paymentMethodId ? null : await repo.customer(userId);
    const id = sub?.paymentMethodId ?? c?.defaultPaymentMethodId;
    const card = id ? await repo.card(userId, id) : undefined;
    return card
      ? {
          id: card.id,
          brand: card.brand,
          last4: card.last4,
          expMonth: card.expMonth,
          expYear: card.expYear,
          chargeFailure: card.chargeFailure,
        }
      : null;
  }

  return {
    /** An invoice the gateway made while charging a plan (first period, renewal, proration). */
    recordCharged: (input: {
      userId: string;
      subscriptionId: string;
      kind: InvoiceKind;
      invoice: GatewayInvoice;
      lines: InvoiceLine[];
      period: { start: Date; end: Date };
    }) => insert({ ...input, subscriptionId: input.subscriptionId, answer: input.invoice }),

    /**
     * Closes the month that starts at `periodStart` for every user with usage in it: open meters
     * are cut at the month's end, then one invoice per user (none twice: unique per user and month).
     */
    async closeMonth(periodStart: Date): Promise<{ invoiced: number }> {
      const end = new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1));
      const period = periodOf(periodStart);
      await deps.metering.closeUntil(end);
      let invoiced = 0;
      for (const userId of await repo.usersWithUsage(period)) {
        if (await repo.periodInvoice(userId, periodStart)) continue;
        const records = await repo.usageOfPeriod(userId, period);
        const lines = usageLines(records);
        let answer: GatewayInvoice;
        try {
          const customerId = await deps.ensureCustomer(userId);
          answer = await deps.gateway().createInvoice({
            customerId,
            card: await defaultCard(userId),
            lines,
            description: `GPU usage, ${period}`,
            metadata: { user_id: userId, period },
            idempotencyKey: `period-${userId}-${period}`,
          });
        } catch (err) {
          deps.logger.warn(
            { err, user_id: userId, period },
            'monthly invoice not created: the payment service failed',
          );
          continue;
        }
        const row = await insert({
          userId,
          kind: 'period',
          subscriptionId: null,
          period: { start: periodStart, end },
          lines,
          answer,
        });
        if (row) invoiced++;
      }
      deps.logger.info({ period, invoiced }, 'month closed');
      return { invoiced };
    },

    /** SANDBOX: open invoices whose retry is due are charged again. */
    async retryDue(): Promise<number> {
      let retried = 0;
      for (const invoice of await repo.invoicesToRetry(clock.now())) {
        const answer = await deps.gateway().payInvoice({
          externalId: invoice.externalId ?? invoice.id,
          totalCents: invoice.totalCents,
          card: await defaultCard(invoice.userId, invoice.subscriptionId),
        });
        const settled = await settle(invoice, answer);
        if (settled.status !== 'paid') await mail(settled);
        retried++;
      }
      return retried;
    },

    /** The user pays an open invoice now (after adding a new card). */
    async payNow(invoice: InvoiceRow): Promise<InvoiceRow> {
      const answer = await deps.gateway().payInvoice({
        externalId: invoice.externalId ?? invoice.id,
        totalCents: invoice.totalCents,
        card: await defaultCard(invoice.userId),
      });
      return settle(invoice, answer);
    },

    /** A webhook's word on an invoice we know (LIVE). */
    async settleExternal(externalId: string, answer: GatewayInvoice): Promise<InvoiceRow | null> {
      const invoice = await repo.invoiceByExternalId(externalId);
      if (!invoice) return null;
      // Paid (or voided) is final at Stripe: a late or out-of-order failure event never reopens it.
      if (invoice.status === 'paid' || invoice.status === 'void' || invoice.status === 'uncollectible')
        return invoice;
      const settled = await settle(invoice, answer);
      if (settled.status === 'open') await mail(settled);
      return settled;
    },
  };
}

export type Invoicing = ReturnType<typeof createInvoicing>;
