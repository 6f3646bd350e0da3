import Stripe from 'stripe';

export type WebhookRefusal = 'missing_header' | 'bad_signature' | 'stale_timestamp' | 'bad_payload';

/** The request is not a webhook Stripe signed with our secret (answer 400; Stripe retries only real ones). */
export class WebhookSignatureError extends Error {
  constructor(
    readonly reason: WebhookRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

const MESSAGES: Record<WebhookRefusal, string> = {
  missing_header: 'Missing Stripe-Signature header.',
  bad_signature: 'The Stripe-Signature header does not match the payload and the webhook secret.',
  stale_timestamp: 'The Stripe-Signature timestamp is outside the tolerance (a replayed or delayed event).',
  bad_payload: 'The webhook payload is not a Stripe event.',
};

const refuse = (reason: WebhookRefusal) => new WebhookSignatureError(reason, MESSAGES[reason]);

/**
 * Checks a webhook's `Stripe-Signature` (HMAC-SHA256 of `timestamp.rawBody` with the endpoint
 * secret, timestamp no older than `toleranceSeconds`, default 300) and returns the event. `rawBody`
 * must be the bytes as received: re-serialized JSON does not verify.
 */
export function verifyStripeWebhook(
  rawBody: string | Buffer,
  signatureHeader: string | undefined,
  secret: string,
  opts: { toleranceSeconds?: number } = {},
): Stripe.Event {
  // A missing secret is our configuration, not the sender's fault: not a 400.
  if (!secret) throw new Error('Stripe webhook secret is not configured');
  if (!signatureHeader) throw refuse('missing_header');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      opts.toleranceSeconds ?? Stripe.webhooks.DEFAULT_TOLERANCE,
    );
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeSignatureVerificationError)) throw refuse('bad_payload');
    throw refuse(/tolerance/i.test(err.message) ? 'stale_timestamp' : 'bad_signature');
  }
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.id !== 'string' ||
    typeof event.type !== 'string'
  )
    throw refuse('bad_payload');
  return event;
}

/** A `Stripe-Signature` header for `payload`, as Stripe would send it (tests, local tools). */
export function signTestWebhook(payload: string, secret: string, timestampSec?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestampSec === undefined ? {} : { timestamp: timestampSec }),
  });
}
