export type { BillingModule, BillingWiring } from './billing.wire.js';
export { PaymentDeclinedError, type PaymentGateway } from './payment-gateway.js';
export { SANDBOX_TEST_CARDS } from './sandbox.gateway.js';

import { type BillingModule, type BillingWiring, wireBilling } from './billing.wire.js';

/**
 * Billing: plans, cards, subscriptions, per-second metering of pod usage events, monthly
 * invoices, Stripe webhooks, spend caps and alerts — behind a PaymentGateway port (Stripe in
 * LIVE, mock billing in SANDBOX).
 */
export function createBillingModule(deps: BillingWiring): BillingModule {
  return wireBilling(deps);
}
