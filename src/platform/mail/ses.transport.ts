import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailTransport } from './mail.port.js';

export interface SesTransportOptions {
  /** AWS region of the SES identity, e.g. `eu-west-1`. */
  region: string;
  /** An existing client (shared, or stubbed at the SDK boundary); it is then not destroyed on close. */
  client?: SESv2Client;
  /** SES configuration set for delivery, bounce and complaint events. */
  configurationSetName?: string;
}

/**
 * Delivers through Amazon SES v2 (`SendEmail` with simple content, UTF-8 text and HTML).
 * Credentials come from the SDK's default chain (task role, environment). Resolves with the
 * SES MessageId; rejects with the SDK error (throttling, unverified identity, suppression…).
 */
export function createSesTransport({
  region,
  client,
  configurationSetName,
}: SesTransportOptions): MailTransport {
  const ses = client ?? new SESv2Client({ region });
  return {
    kind: 'ses',
    async send(mail) {
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
            },
          },
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        }),
      );
      return { providerMessageId: out.MessageId ?? null };
    },
    async close() {
      if (!client) ses.destroy();
    },
  };
}
