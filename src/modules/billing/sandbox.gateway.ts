import type { Clock } from '../../platform/clock/clock.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { InvoiceLine } from './billing.tables.js';
import {
  type GatewayCard,
  type GatewayInvoice,
  type GatewaySubscription,
  PaymentDeclinedError,
  type PaymentGateway,
  PaymentRequestError,
} from './payment-gateway.js';

/**
 * Stripe's documented test card numbers and what each does (https://docs.stripe.com/testing).
 * `setup`: refused when the card is saved; `charge`: saved, but every charge fails.
 */
const TEST_CARDS: Record<string, { brand: string; setup?: string; charge?: string }> = {
  '4242424242424242': { brand: 'visa' },
  '4000056655665556': { brand: 'visa' },
  '5555555555554444': { brand: 'mastercard' },
  '2223003122003222': { brand: 'mastercard' },
  '5200828282828210': { brand: 'mastercard' },
  '378282246310005': { brand: 'amex' },
  '371449635398431': { brand: 'amex' },
  '6011111111111117': { brand: 'discover' },
  '3056930009020004': { brand: 'diners' },
  '3566002020360505': { brand: 'jcb' },
  '6200000000000005': { brand: 'unionpay' },
  '4000000000000002': { brand: 'visa', setup: 'card_declined' },
  '4000000000009995': { brand: 'visa', setup: 'insufficient_funds' },
  '4000000000009987': { brand: 'visa', setup: 'lost_card' },
  '4000000000009979': { brand: 'visa', setup: 'stolen_card' },
  '4000000000000069': { brand: 'visa', setup: 'expired_card' },
  '4000000000000127': { brand: 'visa', setup: 'incorrect_cvc' },
  '4000000000000119': { brand: 'visa', setup: 'processing_error' },
  '4000000000000341': { brand: 'visa', charge: 'card_declined' },
};

/** Stripe's customer-facing messages for its decline codes. */
export const DECLINE_MESSAGES: Record<string, string> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  lost_card: 'Your card was declined.',
  stolen_card: 'Your card was declined.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  incorrect_number: 'Your card number is incorrect.',
  invalid_expiry: "Your card's expiration date is invalid.",
  live_card_in_test_mode:
    'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://docs.stripe.com/testing.',
};

export const SANDBOX_TEST_CARDS = Object.entries(TEST_CARDS).map(([number, c]) => ({
  number,
  brand: c.brand,
  outcome: c.setup ?? (c.charge ? `saved; charges fail (${c.charge})` : 'succeeds'),
}));

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const decline = (code: string) =>
  new PaymentDeclinedError(code, DECLINE_MESSAGES[code] ?? DECLINE_MESSAGES.card_declined!);

/** Adds one interval to a period start, clamping the day (31 Jan + 1 month = 28/29 Feb), as Stripe does. */
export function addInterval(at: Date, interval: 'month' | 'year'): Date {
  const months = interval === 'month' ? 1 : 12;
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return target;
}

const cents = (micros: number) => Math.round(micros / 10_000);

/**
 * Mock billing: no money moves. Cards are Stripe's test numbers with their documented outcomes;
 * a charge succeeds or fails as its card says. Same shapes as the Stripe adapter.
 */
export function createSandboxGateway(deps: { ids: IdGenerator; clock: Clock }): PaymentGateway {
  const { ids, clock } = deps;

  function charge(card: GatewayCard | null, totalCents: number, externalId: string): GatewayInvoice {
    const base = { externalId, totalCents, hostedUrl: null };
    if (totalCents <= 0) return { ...base, status: 'paid', failureMessage: null };
    if (!card) return { ...base, status: 'open', failureMessage: 'No card on file.' };
    if (card.chargeFailure)
      return { ...base, status: 'open', failureMessage: DECLINE_MESSAGES[card.chargeFailure] ?? 'Declined.' };
    return { ...base, status: 'paid', failureMessage: null };
  }

  function mustCharge(card: GatewayCard, totalCents: number): GatewayInvoice {
    const invoice = charge(card, totalCents, ids.newId('invoice'));
    if (invoice.status !== 'paid') throw decline(card.chargeFailure ?? 'card_declined');
    return invoice;
  }

  return {
    kind: 'sandbox',
    renewsItself: false,
    listPlanPrices: async () => null,
    ensureCustomer: async () => ids.newId('customer'),
    async createSetupIntent() {
      const id = ids.newId('setupIntent');
      return { id, clientSecret: `${id}_secret_sandbox` };
    },
    async addTestCard(_customerId, card) {
      const number = card.number.replace(/[\s-]/g, '');
      if (!/^\d{13,19}$/.test(number) || !luhnValid(number)) throw decline('incorrect_number');
      const now = clock.now();
      const expired =
        card.expYear < now.getUTCFullYear() ||
        (card.expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1);
      if (card.expMonth < 1 || card.expMonth > 12 || card.expYear > now.getUTCFullYear() + 50)
        throw decline('invalid_expiry');
      if (expired) throw decline('expired_card');
      const known = TEST_CARDS[number];
      if (!known) throw decline('live_card_in_test_mode');
      const cvcLength = known.brand === 'amex' ? 4 : 3;
      if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc)) throw decline('incorrect_cvc');
      if (known.setup) throw decline(known.setup);
      return {
        id: ids.newId('paymentMethod'),
        brand: known.brand,
        last4: number.slice(-4),
        expMonth: card.expMonth,
        expYear: card.expYear,
        chargeFailure: known.charge ?? null,
      };
    },
    async attachPaymentMethod() {
      throw new PaymentRequestError('In SANDBOX, add a test card with its number.', 'payment_method_id');
    },
    async createSubscription({ price, card, now }): Promise<GatewaySubscription> {
      const invoice = mustCharge(card, cents(price.amountMicros));
      return {
        externalId: ids.newId('subscription'),
        status: 'active',
        currentPeriodStart: now,
        currentPeriodEnd: addInterval(now, price.interval),
        cancelAtPeriodEnd: false,
        invoice,
      };
    },
    async changeSubscription({ externalId, price, card, current, now }): Promise<GatewaySubscription> {
      const total = current.periodEnd.getTime() - current.periodStart.getTime();
      const left = Math.max(0, current.periodEnd.getTime() - now.getTime());
      const credit = Math.round((current.priceMicros * left) / total);
      const sameLength =
        addInterval(current.periodStart, price.interval).getTime() === current.periodEnd.getTime();
      // Same interval: the period stays and the new price is prorated; another interval starts now.
      const start = sameLength ? current.periodStart : now;
      const end = sameLength ? current.periodEnd : addInterval(now, price.interval);
      const charged = sameLength ? Math.round((price.amountMicros * left) / total) : price.amountMicros;
      const net = cents(charged - credit);
      const invoice = net > 0 && card ? mustCharge(card, net) : charge(card, net, ids.newId('invoice'));
      if (invoice.status !== 'paid') throw decline('card_declined');
      return {
        externalId,
        status: 'active',
        currentPeriodStart: start,
        currentPeriodEnd: end,
        cancelAtPeriodEnd: false,
        invoice,
      };
    },
    async setCancelAtPeriodEnd() {},
    async createInvoice({ card, lines }) {
      return charge(card, sumCents(lines), ids.newId('invoice'));
    },
    async payInvoice({ externalId, totalCents, card }) {
      return charge(card, totalCents, externalId);
    },
  };
}

export function sumCents(lines: InvoiceLine[]): number {
  return cents(lines.reduce((sum, l) => sum + l.amount_micros, 0));
}
