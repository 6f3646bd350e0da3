/** A Stripe error body (`{ error: { … } }`) with its HTTP status. */
export interface StripeErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
}

export class StripeFault extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorBody,
  ) {
    super(error.message);
  }
}

export const noSuch = (kind: string, id: string, param?: string) =>
  new StripeFault(param ? 400 : 404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    ...(param ? { param } : {}),
  });

export const invalidRequest = (message: string, code?: string, param?: string) =>
  new StripeFault(400, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  });

/** Stripe's customer-facing messages for the decline codes tests use. */
const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
};
/** Codes Stripe reports as the error `code` itself, without a `decline_code`. */
const OWN_CODES = new Set(['expired_card', 'incorrect_cvc', 'processing_error']);

/** The 402 Stripe answers when a charge on the card is declined. */
export function cardDeclined(declineCode: string): StripeFault {
  const own = OWN_CODES.has(declineCode);
  return new StripeFault(402, {
    type: 'card_error',
    code: own ? declineCode : 'card_declined',
    ...(own ? {} : { decline_code: declineCode }),
    message: DECLINE_MESSAGES[declineCode] ?? 'Your card was declined.',
  });
}
