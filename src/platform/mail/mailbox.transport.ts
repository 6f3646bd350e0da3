import type { MailTransport } from './mail.port.js';

/**
 * SANDBOX transport: delivers nothing. The mailer records every message in `mail_messages`
 * (status `captured`), which is the dev mailbox admins read; there is no provider message id.
 */
export function createMailboxTransport(): MailTransport {
  return {
    kind: 'mailbox',
    async send() {
      return { providerMessageId: null };
    },
    async close() {},
  };
}
