import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { MailTransport } from './mail.port.js';

export interface SmtpTransportOptions {
  /**
   * `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://…:465`
   * (TLS from the first byte). Query parameters are nodemailer options, e.g.
   * `?tls.rejectUnauthorized=false` for a relay with a self-signed certificate.
   */
  url: string;
  /** Concurrent connections kept to the relay; default 3. */
  maxConnections?: number;
}

/**
 * Delivers through an SMTP relay with nodemailer over a small connection pool. Resolves with
 * the Message-ID nodemailer put on the message; rejects when the relay refuses the sender, the
 * recipient or the data, or cannot be reached within the timeouts.
 */
export function createSmtpTransport({ url, maxConnections = 3 }: SmtpTransportOptions): MailTransport {
  const options: SMTPPool.Options = {
    ...parseConnectionUrl(url),
    pool: true,
    maxConnections,
    // nodemailer's defaults (2 min to connect, 10 min idle socket) would hold a job for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transporter = nodemailer.createTransport(options);

  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      return { providerMessageId: info.messageId || null };
    },
    async close() {
      transporter.close();
    },
  };
}
