/**
 * Mail. Templates render text + HTML; the transport delivers. Every message is recorded in
 * `mail_messages` (the SANDBOX dev mailbox, and the LIVE delivery log).
 */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly kind: 'mailbox' | 'smtp' | 'ses';
  /** Delivers one message; resolves with the provider's message id, rejects on failure. */
  send(mail: OutgoingMail): Promise<{ providerMessageId: string | null }>;
  close(): Promise<void>;
}
