import type { BillingInterval, InvoiceLine, InvoiceStatus, SubscriptionStatus } from './billing.tables.js';

/**
 * The payment backend, as billing uses it. Two adapters: `stripe` (the stripe SDK, test or live
 * keys) and `sandbox` (no real charges; Stripe's documented test cards with their outcomes). Both
 * answer in the same shapes, so the services above never ask which one they talk to.
 */
export interface PaymentGateway {
  readonly kind: 'sandbox' | 'stripe';
  /** Stripe renews subscriptions and retries failed payments itself; the sandbox leaves that to us. */
  readonly renewsItself: boolean;
  /**
   * LIVE: the plan prices defined as Stripe Products/Prices (`metadata.plan` = pro | enterprise,
   * recurring month or year). Null in SANDBOX: plans come from configuration.
   */
  listPlanPrices(): Promise<GatewayPlanPrice[] | null>;
  /** The customer of a user, created on first need; returns its id (`cus_…`). */
  ensureCustomer(customer: GatewayCustomerInput): Promise<string>;
  /** For the card form (Stripe Elements confirms it in the browser). */
  createSetupIntent(customerId: string): Promise<{ id: string; clientSecret: string }>;
  /** SANDBOX card form: a test card number → a card on file, or `PaymentDeclinedError`. */
  addTestCard(customerId: string, card: TestCardInput): Promise<GatewayCard>;
  /** LIVE: a payment method the browser confirmed through a SetupIntent, attached as default. */
  attachPaymentMethod(customerId: string, paymentMethodId: string): Promise<GatewayCard>;
  /**
   * Subscribes and charges the first period with the card; a declined first charge is a
   * `PaymentDeclinedError` (nothing stays subscribed).
   */
  createSubscription(input: {
    customerId: string;
    userId: string;
    price: GatewayPlanPrice;
    card: GatewayCard;
    idempotencyKey: string;
    now: Date;
  }): Promise<GatewaySubscription>;
  /** Moves to another price now, charging or crediting the rest of the period (proration). */
  changeSubscription(input: {
    externalId: string;
    price: GatewayPlanPrice;
    card: GatewayCard | null;
    current: { priceMicros: number; periodStart: Date; periodEnd: Date };
    idempotencyKey: string;
    now: Date;
  }): Promise<GatewaySubscription>;
  /** Cancel at period end (or undo that). */
  setCancelAtPeriodEnd(externalId: string, cancel: boolean): Promise<void>;
  /**
   * Invoices `lines` to the customer and charges the default card: LIVE creates invoice items and
   * a Stripe invoice (finalized, charged automatically); the sandbox charges the card's test outcome.
   */
  createInvoice(input: {
    customerId: string;
    card: GatewayCard | null;
    lines: InvoiceLine[];
    description: string;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<GatewayInvoice>;
  /**
   * Charges an open invoice again (the sandbox's retries, or a user paying an overdue invoice
   * now); `totalCents` is our record of the amount, for the sandbox that keeps no invoices.
   */
  payInvoice(input: {
    externalId: string;
    totalCents: number;
    card: GatewayCard | null;
  }): Promise<GatewayInvoice>;
}

export interface GatewayCustomerInput {
  userId: string;
  email: string;
  name: string;
}

export interface TestCardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface GatewayCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** SANDBOX: what charging this test card does (a Stripe decline code), null = succeeds. */
  chargeFailure: string | null;
}

export interface GatewayPlanPrice {
  plan: 'pro' | 'enterprise';
  interval: BillingInterval;
  /** Price of one period, micro-dollars. */
  amountMicros: number;
  /** LIVE: the Stripe Price (`price_…`); null in SANDBOX. */
  externalId: string | null;
  /** LIVE: the product's name and marketing features, when Stripe has them. */
  name?: string;
  features?: string[];
}

export interface GatewaySubscription {
  externalId: string;
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  /** The invoice that charged the first period or the proration, when one was made. */
  invoice: GatewayInvoice | null;
}

export interface GatewayInvoice {
  externalId: string;
  status: InvoiceStatus;
  totalCents: number;
  hostedUrl: string | null;
  /** Why the charge failed (the card's decline message), when it did. */
  failureMessage: string | null;
}

/** The card was declined (402 `payment_failed`); `declineCode` is Stripe's (`card_declined`, `insufficient_funds`, …). */
export class PaymentDeclinedError extends Error {
  constructor(
    readonly declineCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'PaymentDeclinedError';
  }
}

/** The request itself was wrong for the backend (unknown payment method, bad card number…): 422. */
export class PaymentRequestError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PaymentRequestError';
  }
}
