import type { ParameterDefinition } from './registry.js';

/** Pods: provisioning, fail-over, activation and the estimate's storage price. */
export const POD_PARAMETERS: readonly ParameterDefinition[] = [
  {
    key: 'pods.sandbox.provision_delay_ms',
    type: 'int',
    description: 'SANDBOX: time from a pod creation to its simulated instance running.',
    default: 3_000,
    rule: { min: 0, max: 600_000 },
  },
  {
    key: 'pods.failover_max_attempts',
    type: 'int',
    description: 'Offers tried per deploy (the first included) before the pod fails.',
    default: 3,
    rule: { min: 1, max: 10 },
  },
  {
    key: 'pods.failover_price_headroom_percent',
    type: 'float',
    description: "Fail-over may pick an offer up to this many percent above the deployed offer's price.",
    default: 20,
    rule: { min: 0, max: 500 },
  },
  {
    key: 'pods.provision_timeout_seconds',
    type: 'int',
    description: 'How long one provider may take to bring an instance up before the deploy fails over.',
    default: 900,
    rule: { min: 5, max: 7_200 },
  },
  {
    key: 'pods.poll_seconds',
    type: 'int',
    description: 'Seconds between two looks at a booting instance.',
    default: 2,
    rule: { min: 1, max: 60 },
  },
  {
    key: 'pods.activation_token_ttl_hours',
    type: 'int',
    description: 'How long the e-mailed pod activation link works.',
    default: 24,
    rule: { min: 1, max: 168 },
  },
  {
    key: 'pods.storage_usd_per_gb_month',
    type: 'float',
    description: 'Price of pod storage, USD per GB-month (billed per hour: / 730).',
    default: 0.1,
    rule: { min: 0, max: 10 },
  },
  {
    key: 'pods.default_image',
    type: 'string',
    description: 'Container image of a pod whose draft names none.',
    default: 'pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime',
    rule: { pattern: '^[a-z0-9][a-z0-9._/:@-]{0,199}$', text: 'must be an image reference' },
  },
  {
    key: 'pods.default_storage_gb',
    type: 'int',
    description: 'Storage of a pod whose draft names none, GB.',
    default: 50,
    rule: { min: 1, max: 100_000 },
  },
  {
    key: 'pods.max_storage_gb',
    type: 'int',
    description: 'Most storage a pod may ask for, GB (providers may allow less: their create call says).',
    default: 2_000,
    rule: { min: 1, max: 100_000 },
  },
];
