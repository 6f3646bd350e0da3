import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every e-mail the platform sends, with its outcome. In SANDBOX this table is the dev mailbox
 * (`GET /api/v2/dev/mailbox`); in LIVE it is the delivery log (status, provider message id).
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: text('id').primaryKey(),
    to: text('to').notNull(),
    from: text('from').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    template: text('template').notNull(),
    transport: text('transport', { enum: ['mailbox', 'smtp', 'ses'] }).notNull(),
    status: text('status', { enum: ['captured', 'sent', 'failed'] }).notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('mail_messages_to_created_idx').on(t.to, t.createdAt)],
);
