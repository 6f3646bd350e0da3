import type { Clock } from '../clock/clock.js';
import type { Database } from '../db/index.js';
import { fail, ok, type Result } from '../errors/app-error.js';
import type { IdGenerator } from '../ids/ids.js';
import type { MailTransport } from './mail.port.js';
import { createMailboxRepo } from './mailbox.repo.js';
import { renderTemplate, type TemplateName, type TemplateVars } from './templates.js';

/** The subset of a pino logger the mailer uses. */
export interface MailLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface MailerDeps {
  database: Pick<Database, 'db'>;
  transport: MailTransport;
  /** Sender, e.g. `GPUBROKER <no-reply@gpubroker.example>` (config `mail.from`). */
  from: string;
  ids: IdGenerator;
  clock: Clock;
  logger?: MailLogger;
  /**
   * Read per message, so a run-time mode switch applies at once. `capture()` true: the message is
   * only recorded (status `captured`, the dev mailbox), whatever the transport — SANDBOX never
   * mails real people. `from()` overrides the sender (a POD parameter). Default: deliver, `from`.
   */
  policy?: MailPolicy;
}

export interface MailPolicy {
  capture(): boolean;
  from(): string;
}

export interface SentMail {
  /** `mail_…` id of the `mail_messages` row. */
  id: string;
  status: 'captured' | 'sent';
  providerMessageId: string | null;
}

export interface Mailer {
  /**
   * Renders `template` with `vars`, delivers it to `to` and records the outcome in
   * `mail_messages`. A delivery the transport refuses is an expected failure (relay down, SES
   * throttling, rejected address), so it is returned, not thrown (STYLE §9): the row is
   * recorded with status `failed` and the error text, and the result is
   * `{ ok: false, code: 'service_unavailable' }` — a job retries, a request may answer 503.
   * Throws only for the unexpected: an invalid address or link (a caller bug) or a database
   * failure while recording.
   */
  send<N extends TemplateName>(
    template: N,
    to: string,
    vars: TemplateVars<N>,
    metadata?: Record<string, string>,
  ): Promise<Result<SentMail, 'service_unavailable'>>;
}

// One address, no display name, no whitespace: CR/LF in a recipient would inject headers.
const ADDRESS_RE = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const MAX_ERROR_CHARS = 2000;

/** Creates the mailer over one transport; the container passes the one config selects. */
export function createMailer({
  database,
  transport,
  from: defaultFrom,
  ids,
  clock,
  logger,
  policy,
}: MailerDeps): Mailer {
  const repo = createMailboxRepo(database.db);

  return {
    async send(template, to, vars, metadata = {}) {
      if (!ADDRESS_RE.test(to))
        throw new TypeError(`invalid recipient address for mail template ${template}`);
      const rendered = renderTemplate(template, vars);
      // Id and timestamp are taken before delivery so both order messages by when they were sent.
      const id = ids.newId('mail');
      const createdAt = clock.now();

      const from = policy?.from() ?? defaultFrom;
      const capture = transport.kind === 'mailbox' || (policy?.capture() ?? false);
      const via = capture ? 'mailbox' : transport.kind;
      let status: 'captured' | 'sent' | 'failed';
      let providerMessageId: string | null = null;
      let error: string | null = null;
      try {
        if (capture) status = 'captured';
        else {
          ({ providerMessageId } = await transport.send({ from, to, ...rendered }));
          status = 'sent';
        }
      } catch (err) {
        status = 'failed';
        error = describeError(err);
      }

      const log = { mailId: id, template, transport: via, status };
      try {
        await repo.insert({
          id,
          to,
          from,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          template,
          transport: via,
          status,
          providerMessageId,
          error,
          metadata,
          createdAt,
        });
      } catch (err) {
        // The mail may already be delivered: say so, since there will be no row to show it.
        logger?.error({ ...log, err }, 'mail processed but not recorded');
        throw err;
      }

      if (status === 'failed') {
        logger?.warn({ ...log, error }, 'mail delivery failed');
        return fail('service_unavailable', `Mail ${id} could not be delivered.`);
      }
      logger?.info({ ...log, providerMessageId }, 'mail delivered');
      return ok({ id, status, providerMessageId });
    },
  };
}

function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
