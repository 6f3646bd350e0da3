import type { ParameterDefinition } from './registry.js';

const paid = ['pro', 'enterprise'] as const;
const plans = ['free', 'pro', 'enterprise'] as const;
const PRICES = {
  pro: { month: 29, year: 290 },
  enterprise: { month: 199, year: 1_990 },
};
const API_KEYS = { free: 2, pro: 20, enterprise: 200 };
const SEATS = { free: 1, pro: 5, enterprise: 100 };
const SPOT = { free: false, pro: true, enterprise: true };
const FEATURES = {
  free: ['Every provider in one catalog', 'Best-value ranking', '1 running pod', 'Community support'],
  pro: [
    'Up to 10 running pods',
    'Spot instances',
    'Lower markup',
    'API keys for automation',
    'E-mail support',
  ],
  enterprise: [
    'Up to 100 running pods',
    'Lowest markup',
    'Team seats',
    'Spend caps and alerts per team',
    'Priority support',
  ],
};

/**
 * Billing: plan prices and limits (SANDBOX lists plans from here; LIVE takes prices from Stripe and
 * the rest from here), payment grace, and where the Stripe SDK connects.
 */
export const BILLING_PARAMETERS: readonly ParameterDefinition[] = [
  ...paid.flatMap((plan) => [
    {
      key: `plans.${plan}.monthly_price_usd`,
      type: 'float' as const,
      description: `Price of the ${plan.toUpperCase()} plan per month (SANDBOX; LIVE uses the Stripe price).`,
      default: PRICES[plan].month,
      rule: { min: 0, max: 1_000_000 },
    },
    {
      key: `plans.${plan}.annual_price_usd`,
      type: 'float' as const,
      description: `Price of the ${plan.toUpperCase()} plan per year (SANDBOX; LIVE uses the Stripe price).`,
      default: PRICES[plan].year,
      rule: { min: 0, max: 10_000_000 },
    },
  ]),
  ...plans.flatMap((plan) => [
    {
      key: `plans.${plan}.features`,
      type: 'json' as const,
      description: `What the plans page lists for ${plan.toUpperCase()}.`,
      default: FEATURES[plan],
      rule: { pattern: '^.{1,120}$', text: 'must be a list of short texts' },
    },
    {
      key: `limits.api_keys.${plan}`,
      type: 'int' as const,
      description: `API keys a ${plan.toUpperCase()} user may hold.`,
      default: API_KEYS[plan],
      rule: { min: 0, max: 10_000 },
    },
    {
      key: `limits.seats.${plan}`,
      type: 'int' as const,
      description: `Team seats on the ${plan.toUpperCase()} plan.`,
      default: SEATS[plan],
      rule: { min: 1, max: 100_000 },
    },
    {
      key: `limits.spot_access.${plan}`,
      type: 'bool' as const,
      description: `Whether the ${plan.toUpperCase()} plan may deploy spot (interruptible) offers.`,
      default: SPOT[plan],
    },
  ]),
  {
    key: 'billing.grace_period_days',
    type: 'int',
    description: 'Days after a failed payment before deploys are refused until the invoice is paid.',
    default: 7,
    rule: { min: 0, max: 90 },
  },
  {
    key: 'billing.retry_schedule_days',
    type: 'json',
    description:
      'SANDBOX: days after a failed payment when it is tried again (LIVE follows Stripe’s retry schedule).',
    default: ['1', '3', '5'],
    rule: { pattern: '^[0-9]{1,2}$', text: 'must be a list of day counts such as "1", "3", "5"' },
  },
  {
    key: 'stripe.api_base_url',
    type: 'string',
    description: 'Where the Stripe SDK connects (a proxy); unset = https://api.stripe.com.',
    default: null,
    rule: {
      pattern: '^https?://[^\\s/]+/?$',
      text: 'must be an http(s) origin such as https://api.stripe.com',
    },
  },
];
