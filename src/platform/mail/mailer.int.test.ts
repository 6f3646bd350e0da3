import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../../test/support/db.js';
import { parseMail, type SmtpSink, startSmtpSink } from '../../../test/support/smtp-sink.js';
import { createManualClock } from '../clock/clock.js';
import { createIdGenerator, type IdGenerator } from '../ids/ids.js';
import { mailMessages } from './mail.tables.js';
import { createMailboxRepo } from './mailbox.repo.js';
import { createMailboxTransport } from './mailbox.transport.js';
import { createMailer, type MailLogger } from './mailer.js';
import { createSmtpTransport } from './smtp.transport.js';

const FROM = 'GPUBROKER <no-reply@gpubroker.test>';
const clock = createManualClock(Date.UTC(2026, 4, 1, 9, 30));
const ids = createIdGenerator(clock.nowMs);

let database: TestDatabase;
let sink: SmtpSink;
beforeAll(async () => {
  [database, sink] = await Promise.all([
    createTestDatabase(),
    startSmtpSink({ rejectRecipients: ['bounce@example.com'] }),
  ]);
});
afterAll(async () => {
  await Promise.all([database?.destroy(), sink?.close()]);
});

function recordingLogger() {
  const entries: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => entries.push({ level, obj: { ...obj }, msg });
  const logger: MailLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

const rowById = async (id: string) =>
  (await database.db.select().from(mailMessages).where(eq(mailMessages.id, id)))[0];

describe(`mailer (${onRealPostgres() ? 'postgres' : 'pglite'})`, () => {
  it('captures instead of delivering while the policy says so (SANDBOX), with the policy sender', async () => {
    const transport = createSmtpTransport({ url: sink.url });
    let capture = true;
    const mailer = createMailer({
      database,
      transport,
      from: FROM,
      ids,
      clock,
      policy: { capture: () => capture, from: () => 'Ops <ops@gpubroker.test>' },
    });
    const before = sink.received.length;
    const captured = await mailer.send('verify-email', 'sandbox@example.com', {
      name: 'S',
      link: 'https://app.example/v?t=1',
    });
    expect(captured.ok && captured.value.status).toBe('captured');
    expect(sink.received).toHaveLength(before);
    if (captured.ok)
      expect(await rowById(captured.value.id)).toMatchObject({
        transport: 'mailbox',
        from: 'Ops <ops@gpubroker.test>',
      });

    capture = false; // the POD switched to LIVE
    const sent = await mailer.send('verify-email', 'live@example.com', {
      name: 'L',
      link: 'https://app.example/v?t=2',
    });
    expect(sent.ok && sent.value.status).toBe('sent');
    expect(sink.received).toHaveLength(before + 1);
    await transport.close();
  });

  it('captures a mail in the mailbox and records the rendered row', async () => {
    const mailer = createMailer({ database, transport: createMailboxTransport(), from: FROM, ids, clock });
    const result = await mailer.send(
      'verify-email',
      'ada@example.com',
      { name: 'Ada <Lovelace>', link: 'https://app.example/verify?t=tok' },
      { userId: 'usr_1' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ status: 'captured', providerMessageId: null });
    expect(result.value.id).toMatch(/^mail_[0-9A-Z]{26}$/);

    const row = await rowById(result.value.id);
    expect(row).toMatchObject({
      to: 'ada@example.com',
      from: FROM,
      subject: 'Confirm your e-mail address',
      template: 'verify-email',
      transport: 'mailbox',
      status: 'captured',
      providerMessageId: null,
      error: null,
      metadata: { userId: 'usr_1' },
      createdAt: clock.now(),
    });
    expect(row!.text).toContain('Hello Ada <Lovelace>,');
    expect(row!.html).toContain('Hello Ada &lt;Lovelace&gt;,');

    const listed = await createMailboxRepo(database.db).list({ to: 'ada@example.com', limit: 5 });
    expect(listed.items.map((m) => m.id)).toEqual([result.value.id]);
  });

  it('sends through SMTP and records status sent with the Message-ID', async () => {
    const transport = createSmtpTransport({ url: sink.url });
    const { logger, entries } = recordingLogger();
    const mailer = createMailer({ database, transport, from: FROM, ids, clock, logger });
    const before = sink.received.length;
    const result = await mailer.send('generic-notice', 'grace@example.com', {
      subject: 'Scheduled maintenance',
      message: 'We upgrade the database on Sunday.',
    });
    await transport.close();

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(sink.received).toHaveLength(before + 1);
    const delivered = parseMail(sink.received.at(-1)!.raw);
    expect(result.value.status).toBe('sent');
    expect(result.value.providerMessageId).toBe(delivered.headers['message-id']);

    const row = await rowById(result.value.id);
    expect(row).toMatchObject({
      status: 'sent',
      transport: 'smtp',
      providerMessageId: delivered.headers['message-id'],
    });
    expect(delivered.headers.subject).toBe(row!.subject);
    expect(delivered.text).toBe(row!.text);
    expect(delivered.html).toBe(row!.html);
    expect(entries).toEqual([
      expect.objectContaining({ level: 'info', obj: expect.objectContaining({ mailId: result.value.id }) }),
    ]);
  });

  it('records a refused delivery as failed with the error, and returns service_unavailable', async () => {
    const transport = createSmtpTransport({ url: sink.url });
    const { logger, entries } = recordingLogger();
    const mailer = createMailer({ database, transport, from: FROM, ids, clock, logger });
    const before = sink.received.length;
    const result = await mailer.send('invoice', 'bounce@example.com', {
      name: 'B',
      period: '2026-04',
      totalUsd: 12,
      link: 'https://app.example/billing',
    });
    await transport.close();

    expect(result).toMatchObject({ ok: false, code: 'service_unavailable' });
    expect(sink.received).toHaveLength(before);
    const [row] = await database.db
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.to, 'bounce@example.com'));
    expect(row).toMatchObject({
      status: 'failed',
      transport: 'smtp',
      providerMessageId: null,
      template: 'invoice',
    });
    expect(row!.error).toMatch(/Mailbox unavailable/);
    expect(!result.ok && result.detail).toContain(row!.id);
    expect(entries.map((e) => e.level)).toEqual(['warn']);
  });

  it('refuses a malformed recipient before sending or recording anything', async () => {
    const mailer = createMailer({ database, transport: createMailboxTransport(), from: FROM, ids, clock });
    for (const to of ['not-an-address', 'ada@example.com\r\nBcc: eve@example.com', 'a@b.com, c@d.com']) {
      await expect(mailer.send('generic-notice', to, { subject: 's', message: 'm' })).rejects.toThrow(
        TypeError,
      );
    }
    const rows = await database.db.select().from(mailMessages).where(eq(mailMessages.subject, 's'));
    expect(rows).toHaveLength(0);
  });

  it('throws and logs when the row cannot be recorded after delivery', async () => {
    const fixedIds: IdGenerator = { newId: () => 'mail_DUPLICATE' };
    const { logger, entries } = recordingLogger();
    const mailer = createMailer({
      database,
      transport: createMailboxTransport(),
      from: FROM,
      ids: fixedIds,
      clock,
      logger,
    });
    const vars = { subject: 'dup', message: 'm' };
    await expect(mailer.send('generic-notice', 'dup@example.com', vars)).resolves.toMatchObject({ ok: true });
    await expect(mailer.send('generic-notice', 'dup@example.com', vars)).rejects.toThrow();
    expect(entries.at(-1)).toMatchObject({ level: 'error', msg: 'mail processed but not recorded' });
  });
});
