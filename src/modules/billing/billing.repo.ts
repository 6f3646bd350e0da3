import { and, desc, eq, getTableColumns, gte, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { type DbExecutor, keysetAfter, keysetPage, keysetTimestamp } from '../../platform/db/index.js';
import {
  billingCustomers,
  invoices,
  paymentMethods,
  spendAlerts,
  subscriptions,
  usageRecords,
} from './billing.tables.js';

export type CustomerRow = typeof billingCustomers.$inferSelect;
export type CardRow = typeof paymentMethods.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type UsageRow = typeof usageRecords.$inferSelect;
type Page<R> = { items: R[]; nextCursor: string | null };

/** The SQL of customers, cards, subscriptions, invoices, usage records and spend alerts. */
export function createBillingRepo(db: DbExecutor) {
  return {
    async customer(userId: string, exec: DbExecutor = db): Promise<CustomerRow | undefined> {
      const [row] = await exec.select().from(billingCustomers).where(eq(billingCustomers.userId, userId));
      return row;
    },

    async lockCustomer(userId: string, exec: DbExecutor): Promise<CustomerRow | undefined> {
      const [row] = await exec
        .select()
        .from(billingCustomers)
        .where(eq(billingCustomers.userId, userId))
        .for('update');
      return row;
    },

    async upsertCustomer(
      row: typeof billingCustomers.$inferInsert,
      exec: DbExecutor = db,
    ): Promise<CustomerRow> {
      const [saved] = await exec
        .insert(billingCustomers)
        .values(row)
        .onConflictDoUpdate({ target: billingCustomers.userId, set: { ...row, createdAt: undefined } })
        .returning();
      return saved!;
    },

    async updateCustomer(userId: string, set: Partial<CustomerRow>, exec: DbExecutor = db): Promise<void> {
      await exec.update(billingCustomers).set(set).where(eq(billingCustomers.userId, userId));
    },

    async insertCard(row: typeof paymentMethods.$inferInsert, exec: DbExecutor = db): Promise<CardRow> {
      const [saved] = await exec.insert(paymentMethods).values(row).onConflictDoNothing().returning();
      if (saved) return saved;
      const [existing] = await exec.select().from(paymentMethods).where(eq(paymentMethods.id, row.id));
      return existing!;
    },

    async cards(userId: string, mode: string, exec: DbExecutor = db): Promise<CardRow[]> {
      return exec
        .select()
        .from(paymentMethods)
        .where(
          and(
            eq(paymentMethods.userId, userId),
            eq(paymentMethods.mode, mode as 'LIVE'),
            isNull(paymentMethods.detachedAt),
          ),
        )
        .orderBy(desc(paymentMethods.createdAt));
    },

    async card(userId: string, id: string, exec: DbExecutor = db): Promise<CardRow | undefined> {
      const [row] = await exec
        .select()
        .from(paymentMethods)
        .where(
          and(
            eq(paymentMethods.userId, userId),
            eq(paymentMethods.id, id),
            isNull(paymentMethods.detachedAt),
          ),
        );
      return row;
    },

    /** The user's subscription that is not canceled, if any. */
    async currentSubscription(userId: string, exec: DbExecutor = db): Promise<SubscriptionRow | undefined> {
      const [row] = await exec
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.userId, userId), ne(subscriptions.status, 'canceled')));
      return row;
    },

    async subscription(id: string, exec: DbExecutor = db): Promise<SubscriptionRow | undefined> {
      const [row] = await exec.select().from(subscriptions).where(eq(subscriptions.id, id));
      return row;
    },

    async insertSubscription(
      row: typeof subscriptions.$inferInsert,
      exec: DbExecutor = db,
    ): Promise<SubscriptionRow> {
      const [saved] = await exec.insert(subscriptions).values(row).returning();
      return saved!;
    },

    async updateSubscription(
      id: string,
      set: Partial<SubscriptionRow>,
      exec: DbExecutor = db,
    ): Promise<SubscriptionRow | undefined> {
      const [row] = await exec.update(subscriptions).set(set).where(eq(subscriptions.id, id)).returning();
      return row;
    },

    /** SANDBOX subscriptions whose period ended before `now` (renewal or cancellation is due). */
    async subscriptionsDue(now: Date, exec: DbExecutor = db): Promise<SubscriptionRow[]> {
      return exec
        .select()
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.mode, 'SANDBOX'),
            ne(subscriptions.status, 'canceled'),
            lt(subscriptions.currentPeriodEnd, now),
          ),
        );
    },

    async pastDueSubscriptions(exec: DbExecutor = db): Promise<SubscriptionRow[]> {
      return exec
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.mode, 'SANDBOX'), eq(subscriptions.status, 'past_due')));
    },

    /** Inserts an invoice; an invoice for the same period (a re-run) is left as it was: returns null. */
    async insertInvoice(
      row: typeof invoices.$inferInsert,
      exec: DbExecutor = db,
    ): Promise<InvoiceRow | null> {
      const [saved] = await exec.insert(invoices).values(row).onConflictDoNothing().returning();
      return saved ?? null;
    },

    async updateInvoice(
      id: string,
      set: Partial<InvoiceRow>,
      exec: DbExecutor = db,
    ): Promise<InvoiceRow | undefined> {
      const [row] = await exec.update(invoices).set(set).where(eq(invoices.id, id)).returning();
      return row;
    },

    async invoice(id: string, userId: string | null, exec: DbExecutor = db): Promise<InvoiceRow | undefined> {
      const [row] = await exec
        .select()
        .from(invoices)
        .where(and(eq(invoices.id, id), userId ? eq(invoices.userId, userId) : undefined));
      return row;
    },

    async periodInvoice(
      userId: string,
      periodStart: Date,
      exec: DbExecutor = db,
    ): Promise<InvoiceRow | undefined> {
      const [row] = await exec
        .select()
        .from(invoices)
        .where(
          and(
            eq(invoices.userId, userId),
            eq(invoices.kind, 'period'),
            eq(invoices.periodStart, periodStart),
          ),
        );
      return row;
    },

    async invoiceByExternalId(externalId: string, exec: DbExecutor = db): Promise<InvoiceRow | undefined> {
      const [row] = await exec.select().from(invoices).where(eq(invoices.externalId, externalId));
      return row;
    },

    async invoices(
      userId: string,
      q: { limit: number; cursor?: string },
      exec: DbExecutor = db,
    ): Promise<Page<InvoiceRow>> {
      const rows = await exec
        .select({ ...getTableColumns(invoices), cursorTs: keysetTimestamp(invoices.issuedAt) })
        .from(invoices)
        .where(
          and(
            eq(invoices.userId, userId),
            q.cursor ? keysetAfter(invoices.issuedAt, invoices.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(invoices.issuedAt), desc(invoices.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit) as Page<InvoiceRow>;
    },

    /** Open invoices with a retry due (SANDBOX retries on the configured schedule). */
    async invoicesToRetry(now: Date, exec: DbExecutor = db): Promise<InvoiceRow[]> {
      return exec
        .select()
        .from(invoices)
        .where(
          and(eq(invoices.status, 'open'), eq(invoices.mode, 'SANDBOX'), lte(invoices.nextAttemptAt, now)),
        );
    },

    async unpaidInvoices(userId: string, exec: DbExecutor = db): Promise<InvoiceRow[]> {
      return exec
        .select()
        .from(invoices)
        .where(and(eq(invoices.userId, userId), eq(invoices.status, 'open')));
    },

    /** `GPB-YYYYMM-001000`: the month it was issued, then a sequence (unique across users and instances). */
    async nextInvoiceNumber(month: string, exec: DbExecutor = db): Promise<string> {
      const result = await exec.execute(sql`select nextval('billing_invoice_number_seq')::text as n`);
      const n = (result as unknown as { rows: Array<{ n: string }> }).rows[0]!.n;
      return `GPB-${month.replace('-', '')}-${n.padStart(6, '0')}`;
    },

    async usage(
      userId: string,
      q: { from: Date; to: Date; limit: number; cursor?: string },
      exec: DbExecutor = db,
    ): Promise<Page<UsageRow>> {
      const rows = await exec
        .select({ ...getTableColumns(usageRecords), cursorTs: keysetTimestamp(usageRecords.startedAt) })
        .from(usageRecords)
        .where(
          and(
            eq(usageRecords.userId, userId),
            gte(usageRecords.startedAt, q.from),
            lt(usageRecords.startedAt, q.to),
            q.cursor ? keysetAfter(usageRecords.startedAt, usageRecords.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(usageRecords.startedAt), desc(usageRecords.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit) as Page<UsageRow>;
    },

    /** Every record of a user's month (`YYYY-MM`): the invoice and the summary read them whole. */
    async usageOfPeriod(userId: string, period: string, exec: DbExecutor = db): Promise<UsageRow[]> {
      return exec
        .select()
        .from(usageRecords)
        .where(and(eq(usageRecords.userId, userId), eq(usageRecords.period, period)))
        .orderBy(usageRecords.startedAt, usageRecords.id);
    },

    /** Users with usage in a month (the monthly close invoices each). */
    async usersWithUsage(period: string, exec: DbExecutor = db): Promise<string[]> {
      const rows = await exec
        .selectDistinct({ userId: usageRecords.userId })
        .from(usageRecords)
        .where(eq(usageRecords.period, period));
      return rows.map((r) => r.userId);
    },

    /** Users who set a spend cap (the alert sweep looks at each). */
    async usersWithCap(exec: DbExecutor = db): Promise<CustomerRow[]> {
      return exec.select().from(billingCustomers).where(sql`${billingCustomers.spendCapMicros} is not null`);
    },

    /** Records an alert as sent; false when it already was (this month, this threshold). */
    async claimAlert(
      userId: string,
      period: string,
      threshold: number,
      now: Date,
      exec: DbExecutor = db,
    ): Promise<boolean> {
      const rows = await exec
        .insert(spendAlerts)
        .values({ userId, period, threshold, sentAt: now })
        .onConflictDoNothing()
        .returning({ t: spendAlerts.threshold });
      return rows.length > 0;
    },
  };
}

export type BillingRepo = ReturnType<typeof createBillingRepo>;
