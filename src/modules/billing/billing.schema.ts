import { Type } from 'typebox';

/** Billing's HTTP shapes (API.md § Billing). Money is USD with cents; rates per hour as decimals. */
const Usd = Type.Number({ description: 'US dollars' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([Type.Null(), DateTime]);

export const PlanSchema = Type.Object({
  id: Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('enterprise')]),
  name: Type.String(),
  monthly_price: Usd,
  annual_price: Usd,
  markup_percent: Type.Number(),
  features: Type.Array(Type.String()),
  limits: Type.Object({
    max_running_pods: Type.Integer(),
    api_keys: Type.Integer(),
    seats: Type.Integer(),
    spot_access: Type.Boolean(),
  }),
  purchasable: Type.Boolean(),
});

export const PlansResponse = Type.Object({
  items: Type.Array(PlanSchema),
  mode: Type.Union([Type.Literal('sandbox'), Type.Literal('live')]),
  currency: Type.Literal('usd'),
});

export const SetupIntentResponse = Type.Object({
  client_secret: Type.String(),
  publishable_key: Nullable(Type.String()),
  mode: Type.Union([Type.Literal('sandbox'), Type.Literal('live')]),
});

export const AddCardBody = Type.Union([
  Type.Object(
    {
      card_number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9 -]+$' }),
      exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
      exp_year: Type.Integer({ minimum: 2000, maximum: 2200 }),
      cvc: Type.String({ minLength: 3, maxLength: 4, pattern: '^[0-9]+$' }),
    },
    { additionalProperties: false, description: 'SANDBOX: a Stripe test card' },
  ),
  Type.Object(
    { payment_method_id: Type.String({ minLength: 3, maxLength: 255 }) },
    { additionalProperties: false, description: 'LIVE: the payment method Stripe Elements confirmed' },
  ),
]);

export const CardSchema = Type.Object({
  payment_method_id: Type.String(),
  brand: Type.String(),
  last4: Type.String(),
  exp_month: Type.Integer(),
  exp_year: Type.Integer(),
  is_default: Type.Boolean(),
});

export const CardsResponse = Type.Object({
  items: Type.Array(CardSchema),
  default_payment_method_id: Nullable(Type.String()),
});

export const SubscribeBody = Type.Object(
  {
    plan: Type.Union([Type.Literal('pro'), Type.Literal('enterprise')]),
    interval: Type.Union([Type.Literal('month'), Type.Literal('year')]),
    payment_method_id: Type.String({ minLength: 3, maxLength: 255 }),
  },
  { additionalProperties: false },
);

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  plan: Type.Union([Type.Literal('pro'), Type.Literal('enterprise')]),
  interval: Type.Union([Type.Literal('month'), Type.Literal('year')]),
  status: Type.String({ description: 'incomplete | active | past_due | unpaid | canceled' }),
  current_period_start: DateTime,
  current_period_end: DateTime,
  cancel_at_period_end: Type.Boolean(),
  price: Usd,
  payment_method_id: Nullable(Type.String()),
});

export const SubscriptionEnvelope = Type.Object({ subscription: SubscriptionSchema });

export const CurrentSubscription = Type.Object({
  plan: Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('enterprise')]),
  subscription: Type.Union([Type.Null(), SubscriptionSchema]),
});

export const UsageQuery = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const UsageRecordSchema = Type.Object({
  id: Type.String(),
  pod_id: Type.String(),
  pod_name: Type.String(),
  provider: Type.String(),
  gpu_model: Type.String(),
  gpu_count: Type.Integer(),
  status: Type.Union([Type.Literal('ready'), Type.Literal('running'), Type.Literal('stopped')]),
  started_at: DateTime,
  ended_at: DateTime,
  seconds: Type.Integer(),
  price_per_hour: Usd,
  markup_percent: Type.Number(),
  storage_per_hour: Usd,
  compute: Usd,
  markup: Usd,
  storage: Usd,
  amount: Usd,
});

const Breakdown = <K extends string>(key: K) =>
  Type.Array(Type.Object({ [key]: Type.String(), amount: Usd } as Record<K, ReturnType<typeof Type.String>>));

export const SummarySchema = Type.Object({
  period: Type.Object({ start: DateTime, end: DateTime }),
  currency: Type.Literal('usd'),
  month_to_date: Usd,
  projected_month: Usd,
  hourly_rate: Usd,
  spend_cap: Type.Object({
    monthly_limit: Type.Union([Type.Null(), Usd]),
    used_percent: Type.Union([Type.Null(), Type.Number()]),
    projected_percent: Type.Union([Type.Null(), Type.Number()]),
  }),
  breakdown: Type.Object({
    by_pod: Type.Array(Type.Object({ pod_id: Type.String(), pod_name: Type.String(), amount: Usd })),
    by_provider: Breakdown('provider'),
    by_gpu: Breakdown('gpu_model'),
    by_day: Breakdown('date'),
  }),
  plan: Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('enterprise')]),
  subscription: Type.Union([Type.Null(), SubscriptionSchema]),
  payment: Type.Object({
    overdue_since: NullableDateTime,
    deploys_blocked_from: NullableDateTime,
    open_invoices: Type.Integer(),
  }),
});

export const SpendCapBody = Type.Object(
  { monthly_limit: Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 10_000_000 })]) },
  { additionalProperties: false },
);

export const InvoiceLineSchema = Type.Object({
  kind: Type.String(),
  description: Type.String(),
  pod_id: Nullable(Type.String()),
  quantity: Type.Number(),
  unit: Type.String(),
  amount: Usd,
});

export const InvoiceSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  kind: Type.String({ description: 'period (monthly usage) | subscription | proration' }),
  status: Type.String({ description: 'draft | open | paid | void | uncollectible' }),
  period_start: DateTime,
  period_end: DateTime,
  currency: Type.Literal('usd'),
  total: Usd,
  issued_at: DateTime,
  paid_at: NullableDateTime,
  failure_message: Nullable(Type.String()),
  next_attempt_at: NullableDateTime,
  hosted_url: Nullable(Type.String()),
});

export const InvoiceDetail = Type.Object({
  ...InvoiceSchema.properties,
  lines: Type.Array(InvoiceLineSchema),
  subtotal: Usd,
});
