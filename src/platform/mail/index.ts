import type { AppConfig } from '../config/config.js';
import type { MailTransport } from './mail.port.js';
import { createMailboxTransport } from './mailbox.transport.js';
import { createSesTransport } from './ses.transport.js';
import { createSmtpTransport } from './smtp.transport.js';

export { escapeHtml, html, httpUrl, SafeHtml } from './html.js';
export type { MailTransport, OutgoingMail } from './mail.port.js';
export { mailMessages } from './mail.tables.js';
export {
  createMailboxRepo,
  decodeMailboxCursor,
  encodeMailboxCursor,
  type MailboxListQuery,
  type MailboxPage,
  type MailboxRepo,
  type MailMessage,
} from './mailbox.repo.js';
export { createMailboxTransport } from './mailbox.transport.js';
export {
  createMailer,
  type Mailer,
  type MailerDeps,
  type MailLogger,
  type MailPolicy,
  type SentMail,
} from './mailer.js';
export { createSesTransport, type SesTransportOptions } from './ses.transport.js';
export { createSmtpTransport, type SmtpTransportOptions } from './smtp.transport.js';
export {
  defineTemplate,
  type MailTemplate,
  mailTemplates,
  type RenderedMail,
  renderTemplate,
  type TemplateName,
  type TemplateVars,
} from './templates.js';

/**
 * The transport the configuration selects: `mailbox` (SANDBOX: captured in `mail_messages`
 * only), `smtp` (needs `smtpUrl`) or `ses` (needs `awsRegion`, config `aws.region`). loadConfig
 * already requires those settings; a missing one here is a wiring bug and throws.
 */
export function createMailTransport(cfg: AppConfig['mail'] & { awsRegion?: string }): MailTransport {
  switch (cfg.transport) {
    case 'mailbox':
      return createMailboxTransport();
    case 'smtp':
      if (!cfg.smtpUrl) throw new Error('mail transport smtp needs smtpUrl (SMTP_URL)');
      return createSmtpTransport({ url: cfg.smtpUrl });
    case 'ses':
      if (!cfg.awsRegion) throw new Error('mail transport ses needs awsRegion (AWS_REGION)');
      return createSesTransport({ region: cfg.awsRegion });
  }
}
