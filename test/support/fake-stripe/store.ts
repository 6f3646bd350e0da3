import { randomBytes } from 'node:crypto';
import { cardDeclined, invalidRequest, noSuch } from './errors.js';

export type Interval = 'day' | 'week' | 'month' | 'year';

export interface FakeCustomer {
  id: string;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  defaultPaymentMethod: string | null;
}
export interface FakeCard {
  id: string;
  customer: string | null;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** A decline code every charge on this card fails with; null = charges succeed. */
  failCharges: string | null;
}
export interface FakeProduct {
  id: string;
  name: string;
  active: boolean;
  metadata: Record<string, string>;
  features: string[];
}
export interface FakePrice {
  id: string;
  product: string;
  active: boolean;
  unitAmount: number;
  /** Null: a one-time price. */
  recurring: { interval: Interval; intervalCount: number } | null;
}
export interface FakeLine {
  id: string;
  amount: number;
  description: string | null;
  metadata: Record<string, string>;
}
export interface FakeInvoiceItem extends FakeLine {
  customer: string;
  currency: string;
  invoice: string | null;
}
export interface FakeInvoice {
  id: string;
  customer: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  lines: FakeLine[];
  description: string | null;
  metadata: Record<string, string>;
  subscription: string | null;
  billingReason: string;
  autoAdvance: boolean;
  collectionMethod: string;
  number: string | null;
  attemptCount: number;
  amountPaid: number;
  created: number;
}
export interface FakeSubscription {
  id: string;
  customer: string;
  itemId: string;
  price: string;
  status: 'active' | 'incomplete' | 'past_due' | 'canceled';
  periodStart: number;
  periodEnd: number;
  cancelAtPeriodEnd: boolean;
  defaultPaymentMethod: string | null;
  metadata: Record<string, string>;
  latestInvoice: string | null;
  created: number;
}

export const newId = (prefix: string) =>
  `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
export const total = (invoice: FakeInvoice) => invoice.lines.reduce((sum, l) => sum + l.amount, 0);

/** Adds whole intervals to a unix time, clamping the day of month (31 Jan + 1 month = 28/29 Feb) like Stripe. */
export function addInterval(unixSeconds: number, interval: Interval, count = 1): number {
  const at = new Date(unixSeconds * 1000);
  if (interval === 'day' || interval === 'week')
    return unixSeconds + count * (interval === 'day' ? 1 : 7) * 86_400;
  const months = (interval === 'month' ? 1 : 12) * count;
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
  return Math.floor(target.getTime() / 1000);
}

/** Stripe's objects in memory, and the rules the endpoints share (lookups, charging an invoice). */
export class FakeStripeStore {
  readonly customers = new Map<string, FakeCustomer>();
  readonly cards = new Map<string, FakeCard>();
  readonly products = new Map<string, FakeProduct>();
  readonly prices = new Map<string, FakePrice>();
  readonly setupIntents = new Map<string, { id: string; customer: string | null; clientSecret: string }>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly invoiceItems = new Map<string, FakeInvoiceItem>();
  readonly invoices = new Map<string, FakeInvoice>();
  private invoiceNumber = 0;

  constructor(readonly now: () => number) {}

  customer(id: string, param?: string): FakeCustomer {
    const c = this.customers.get(id);
    if (!c) throw noSuch('customer', id, param);
    return c;
  }
  card(id: string, param?: string): FakeCard {
    const c = this.cards.get(id);
    if (!c) throw noSuch('PaymentMethod', id, param);
    return c;
  }
  price(id: string, param?: string): FakePrice {
    const p = this.prices.get(id);
    if (!p) throw noSuch('price', id, param);
    return p;
  }
  subscription(id: string): FakeSubscription {
    const s = this.subscriptions.get(id);
    if (!s) throw noSuch('subscription', id);
    return s;
  }
  invoice(id: string): FakeInvoice {
    const i = this.invoices.get(id);
    if (!i) throw noSuch('invoice', id);
    return i;
  }

  /** A payment method the customer may be charged with (attached to them), or Stripe's 400. */
  cardOf(customerId: string, pmId: string, param: string): FakeCard {
    const card = this.card(pmId, param);
    if (card.customer !== customerId)
      throw invalidRequest(
        `The payment method '${pmId}' must be attached to customer '${customerId}' before use.`,
        'resource_missing',
        param,
      );
    return card;
  }

  newInvoice(customer: string, init: Partial<FakeInvoice> = {}): FakeInvoice {
    const invoice: FakeInvoice = {
      id: newId('in'),
      customer,
      status: 'draft',
      lines: [],
      description: null,
      metadata: {},
      subscription: null,
      billingReason: 'manual',
      autoAdvance: false,
      collectionMethod: 'charge_automatically',
      number: null,
      attemptCount: 0,
      amountPaid: 0,
      created: this.now(),
      ...init,
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  /** Draft → open with a number; a zero or credit total is paid at once, as Stripe does. */
  finalize(invoice: FakeInvoice): void {
    if (invoice.status !== 'draft')
      throw invalidRequest(`This invoice is already finalized.`, 'invoice_not_editable');
    this.invoiceNumber += 1;
    invoice.number = `FAKE-${String(this.invoiceNumber).padStart(4, '0')}`;
    invoice.status = total(invoice) <= 0 ? 'paid' : 'open';
  }

  /**
   * Charges an open invoice: the given card, else the subscription's default, else the customer's.
   * A card with `failCharges` leaves it open and answers the 402 card error.
   */
  charge(invoice: FakeInvoice, pmId?: string): void {
    if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid.', 'invoice_already_paid');
    if (invoice.status !== 'open')
      throw invalidRequest(`You cannot pay an invoice with status ${invoice.status}.`);
    const sub = invoice.subscription ? this.subscriptions.get(invoice.subscription) : undefined;
    const chosen = pmId ?? sub?.defaultPaymentMethod ?? this.customer(invoice.customer).defaultPaymentMethod;
    if (!chosen)
      throw invalidRequest(
        'This customer has no attached payment source or default payment method.',
        'invoice_no_payment_method',
      );
    const card = this.cardOf(invoice.customer, chosen, 'payment_method');
    invoice.attemptCount += 1;
    if (card.failCharges) throw cardDeclined(card.failCharges);
    invoice.status = 'paid';
    invoice.amountPaid = total(invoice);
  }
}
