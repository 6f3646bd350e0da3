import type { ParameterType, ValidationRule } from './platform-config.tables.js';
import { BILLING_PARAMETERS } from './registry.billing.js';
import { POD_PARAMETERS } from './registry.pods.js';
import { REALTIME_PARAMETERS } from './registry.realtime.js';

/** Provider ids the broker knows (catalog data for each ships with the product). */
export const PROVIDER_IDS = [
  'aws',
  'azure',
  'cudo',
  'digitalocean',
  'fluidstack',
  'gcp',
  'hyperstack',
  'ibm',
  'jarvislabs',
  'lambda',
  'linode',
  'oci',
  'ovhcloud',
  'paperspace',
  'primeintellect',
  'runpod',
  'scaleway',
  'scp',
  'tensordock',
  'vast',
  'verda',
  'vultr',
] as const;

export interface ParameterDefinition {
  key: string;
  type: ParameterType;
  description: string;
  /** Effective value while the POD has none set; null = no default (unset). */
  default: unknown;
  rule?: ValidationRule & { text?: string };
  /** LIVE cannot be switched on while this has no live value. */
  liveRequired?: boolean;
}

const plans = ['free', 'pro', 'enterprise'] as const;

const MARKUP_DEFAULTS = { free: 15, pro: 10, enterprise: 5 };
const MAX_RUNNING_DEFAULTS = { free: 1, pro: 10, enterprise: 100 };

/**
 * Well-known parameters: their type, default and rule. A typo in a key is a 422 (a free-form key
 * must say its type), never a silent new setting.
 */
export const REGISTRY: readonly ParameterDefinition[] = [
  ...plans.map((plan) => ({
    key: `markup_percent.${plan}`,
    type: 'float' as const,
    description: `Markup on the provider price for the ${plan.toUpperCase()} plan, in percent.`,
    default: MARKUP_DEFAULTS[plan],
    rule: { min: 0, max: 100 },
  })),
  ...plans.map((plan) => ({
    key: `limits.max_running_pods.${plan}`,
    type: 'int' as const,
    description: `Running GPU pods allowed at once on the ${plan.toUpperCase()} plan.`,
    default: MAX_RUNNING_DEFAULTS[plan],
    rule: { min: 0, max: 10_000 },
  })),
  {
    key: 'stripe.secret_key',
    type: 'secret',
    description: 'Stripe secret API key (LIVE: sk_live_…; staging may use sk_test_…).',
    default: null,
    rule: { pattern: '^(sk|rk)_(test|live)_[A-Za-z0-9]+$', text: 'must look like sk_live_… or sk_test_…' },
    liveRequired: true,
  },
  {
    key: 'stripe.publishable_key',
    type: 'string',
    description: 'Stripe publishable key for the card form (pk_live_… / pk_test_…).',
    default: null,
    rule: { pattern: '^pk_(test|live)_[A-Za-z0-9]+$', text: 'must look like pk_live_… or pk_test_…' },
  },
  {
    key: 'stripe.webhook_secret',
    type: 'secret',
    description: 'Signing secret of the Stripe webhook endpoint (whsec_…).',
    default: null,
    rule: { pattern: '^whsec_[A-Za-z0-9]+$', text: 'must look like whsec_…' },
    liveRequired: true,
  },
  ...PROVIDER_IDS.map((id) => ({
    key: `providers.${id}.api_key`,
    type: 'secret' as const,
    description: `API credential for ${id} (used in LIVE; SANDBOX simulates the provider).`,
    default: null,
  })),
  ...PROVIDER_IDS.map((id) => ({
    key: `providers.${id}.enabled`,
    type: 'bool' as const,
    description: `Offer ${id} in the catalog.`,
    default: true,
  })),
  ...PROVIDER_IDS.map((id) => ({
    key: `providers.${id}.base_url`,
    type: 'string' as const,
    description: `API root for ${id} (a proxy, a regional endpoint); unset = the provider's public API.`,
    default: null,
    rule: { pattern: '^https?://[^\\s]+$', text: 'must be an http(s) URL' },
  })),
  ...PROVIDER_IDS.map((id) => ({
    key: `providers.${id}.rate_limit_per_minute`,
    type: 'int' as const,
    description: `Calls per minute the broker makes to ${id} (token bucket, shared through Redis when set).`,
    default: 60,
    rule: { min: 1, max: 100_000 },
  })),
  ...PROVIDER_IDS.flatMap((id) => [
    {
      key: `providers.${id}.sim.latency_ms`,
      type: 'int' as const,
      description: `SANDBOX: simulated response time of ${id}.`,
      default: 40,
      rule: { min: 0, max: 120_000 },
    },
    {
      key: `providers.${id}.sim.error_rate`,
      type: 'float' as const,
      description: `SANDBOX: share of calls to ${id} answered 5xx.`,
      default: 0,
      rule: { min: 0, max: 1 },
    },
    {
      key: `providers.${id}.sim.timeout_rate`,
      type: 'float' as const,
      description: `SANDBOX: share of calls to ${id} that never answer (the caller times out).`,
      default: 0,
      rule: { min: 0, max: 1 },
    },
    {
      key: `providers.${id}.sim.rate_limit_rate`,
      type: 'float' as const,
      description: `SANDBOX: share of calls to ${id} answered 429 with Retry-After.`,
      default: 0,
      rule: { min: 0, max: 1 },
    },
    {
      key: `providers.${id}.provision_timeout_seconds`,
      type: 'int' as const,
      description: `How long ${id} may take to bring a pod's instance up; unset = pods.provision_timeout_seconds.`,
      default: null,
      rule: { min: 5, max: 7_200 },
    },
    {
      key: `providers.${id}.sim.capacity_rate`,
      type: 'float' as const,
      description: `SANDBOX: share of pod creations on ${id} answered "no capacity" (the deploy fails over).`,
      default: 0,
      rule: { min: 0, max: 1 },
    },
  ]),
  ...POD_PARAMETERS,
  ...BILLING_PARAMETERS,
  ...REALTIME_PARAMETERS,
  {
    key: 'catalog.provider_timeout_ms',
    type: 'int',
    description: 'Timeout of one provider API call during a sync.',
    default: 10_000,
    rule: { min: 100, max: 120_000 },
  },
  {
    key: 'catalog.usd_per_eur',
    type: 'float',
    description:
      'US dollars per euro, for providers that price in EUR (Scaleway). Default: the ECB euro reference ' +
      'rate of 28 Feb 2025 (1.0411); keep it current.',
    default: 1.0411,
    rule: { min: 0.5, max: 2 },
  },
  {
    key: 'catalog.featured_gpus',
    type: 'json',
    description: 'GPU models shown on the landing page with their best current price.',
    default: ['H100-80GB-SXM', 'A100-80GB-SXM', 'L40S-48GB', 'RTX-4090'],
    rule: { pattern: '^[A-Z0-9][A-Z0-9-]*$', text: 'must be a list of canonical GPU model names' },
  },
  {
    key: 'catalog.sync_interval_seconds',
    type: 'int',
    description: 'How often provider catalogs are refreshed.',
    default: 300,
    rule: { min: 30, max: 86_400 },
  },
  {
    key: 'budget.daily_limit_usd',
    type: 'float',
    description: 'Default daily spend limit of the cost agent, in USD.',
    default: 100,
    rule: { min: 0, max: 1_000_000 },
  },
  {
    key: 'budget.monthly_limit_usd',
    type: 'float',
    description: 'Default monthly spend limit of the cost agent, in USD.',
    default: 2000,
    rule: { min: 0, max: 10_000_000 },
  },
  {
    key: 'budget.alert_threshold_percent',
    type: 'int',
    description: 'Alert when spend reaches this share of a limit.',
    default: 80,
    rule: { min: 1, max: 100 },
  },
  {
    key: 'mail.from',
    type: 'string',
    description: 'Sender of the platform e-mails, e.g. "GPUBROKER <no-reply@example.com>".',
    default: 'GPUBROKER <no-reply@gpubroker.local>',
    rule: { pattern: '^([^<>]+<)?[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+>?$', text: 'must be an e-mail address' },
  },
  {
    key: 'registration.enabled',
    type: 'bool',
    description: 'Whether new accounts can sign up.',
    default: true,
  },
];

const BY_KEY = new Map(REGISTRY.map((d) => [d.key, d]));

export function definitionOf(key: string): ParameterDefinition | undefined {
  return BY_KEY.get(key);
}

/** Free-form keys: dotted lower-case segments, e.g. `feature.beta_banner`. */
export const FREE_KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*$/;

/**
 * Checks a value against a type and rule; the message for the first problem, or null. `null` is
 * always acceptable (unset). Values are JSON values: numbers for int/float, booleans, strings.
 */
export function checkValue(
  type: ParameterType,
  value: unknown,
  rule?: ParameterDefinition['rule'],
): string | null {
  if (value === null) return null;
  switch (type) {
    case 'string':
    case 'secret':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > 8192) return 'must be at most 8192 characters';
      if (type === 'secret' && value.length === 0) return 'must not be empty';
      return checkString(value, rule);
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'must be an integer';
      return checkRange(value, rule);
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return checkRange(value, rule);
    case 'bool':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'json': {
      if (JSON.stringify(value).length > 65_536) return 'must be at most 64 KiB of JSON';
      if (rule?.pattern) {
        if (
          !Array.isArray(value) ||
          !value.every((v) => typeof v === 'string' && new RegExp(rule.pattern!).test(v))
        )
          return rule.text ?? `must be a list of strings matching ${rule.pattern}`;
      }
      return null;
    }
  }
}

function checkRange(n: number, rule?: ValidationRule): string | null {
  if (rule?.min !== undefined && n < rule.min) return `must be at least ${rule.min}`;
  if (rule?.max !== undefined && n > rule.max) return `must be at most ${rule.max}`;
  return null;
}

function checkString(s: string, rule?: ParameterDefinition['rule']): string | null {
  if (rule?.values && !rule.values.includes(s)) return `must be one of ${rule.values.join(', ')}`;
  if (rule?.pattern && !new RegExp(rule.pattern).test(s)) return rule.text ?? `must match ${rule.pattern}`;
  return null;
}

/** Human text of a rule, for the admin page. */
export function describeRule(rule?: ParameterDefinition['rule']): string | null {
  if (!rule) return null;
  if (rule.text) return rule.text;
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  if (rule.values) parts.push(`one of ${rule.values.join(', ')}`);
  if (rule.pattern) parts.push(`matches ${rule.pattern}`);
  return parts.join(', ') || null;
}
