import { Type } from 'typebox';
import { POD_STATUSES } from './pod-state.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
function literals<const T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}
const DateTime = Type.String({ format: 'date-time' });

const DraftFields = {
  name: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
  offer_id: Type.String({ minLength: 1, maxLength: 64 }),
  vcpus: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
  ram_gb: Type.Optional(Type.Number({ minimum: 1, maximum: 16_384 })),
  storage_gb: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  image: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[a-z0-9][a-z0-9._/:@-]*$',
      description: 'Container image',
    }),
  ),
  ports: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 65_535 }), { maxItems: 50 })),
  ssh_public_key: Type.Optional(
    Nullable(
      Type.String({ maxLength: 16_384, description: 'OpenSSH public key line (ed25519, RSA ≥ 2048, ECDSA)' }),
    ),
  ),
  // Null first: with type coercion on, a null tried against `number` first would become 0.
  max_price_per_hour: Type.Optional(
    Type.Union([
      Type.Null(),
      Type.Number({
        minimum: 0,
        maximum: 100_000,
        description:
          "USD per hour (provider price): fail-over never picks an offer above it; unset = the offer's price + pods.failover_price_headroom_percent",
      }),
    ]),
  ),
};

export const DraftBody = Type.Object(DraftFields, { additionalProperties: false });

export const DraftSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  offer_id: Type.String(),
  vcpus: Nullable(Type.Number()),
  ram_gb: Nullable(Type.Number()),
  storage_gb: Type.Integer(),
  image: Type.String(),
  ports: Type.Array(Type.Integer()),
  ssh_public_key: Nullable(Type.String()),
  ssh_key_fingerprint: Nullable(Type.String({ description: 'SHA256:… as ssh-keygen -lf prints it' })),
  max_price_per_hour: Nullable(Type.Number()),
  created_at: DateTime,
  updated_at: DateTime,
});

export const EstimateBody = Type.Object(
  {
    offer_id: Type.String({ minLength: 1, maxLength: 64 }),
    storage_gb: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const EstimateSchema = Type.Object({
  offer_id: Type.String(),
  storage_gb: Type.Integer(),
  per_hour: Type.Number(),
  per_day: Type.Number(),
  per_month: Type.Number({ description: '730 hours' }),
  currency: Type.Literal('USD'),
  breakdown: Type.Object(
    {
      provider: Type.Number({ description: "The provider's price per hour" }),
      markup: Type.Number({ description: "The plan's markup per hour" }),
      storage: Type.Number({ description: 'Storage per hour' }),
    },
    { description: 'Per hour; the parts add up to per_hour' },
  ),
});

export const PodSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: literals(POD_STATUSES),
  status_detail: Nullable(Type.String()),
  mode: literals(['SANDBOX', 'LIVE'] as const),
  offer: Type.Object({
    id: Type.String(),
    provider: Type.String(),
    provider_offer_id: Type.String(),
    gpu_model: Type.String(),
    gpu_count: Type.Integer(),
    region: Type.String(),
    price_per_hour: Type.Number(),
  }),
  provider: Type.String(),
  gpu_model: Type.String(),
  gpu_count: Type.Integer(),
  region: Type.String(),
  price_per_hour: Type.Number({
    description: 'What the owner pays per hour: provider price + markup + storage',
  }),
  max_price_per_hour: Type.Number({ description: 'Provider price ceiling of fail-over, USD per hour' }),
  storage_gb: Type.Integer(),
  image: Type.String(),
  ports: Type.Array(Type.Integer()),
  attempts: Type.Integer({ description: 'Offers tried while provisioning (fail-over)' }),
  created_at: DateTime,
  ready_at: Nullable(DateTime),
  activated_at: Nullable(DateTime),
  terminated_at: Nullable(DateTime),
  status_history: Type.Array(
    Type.Object({ status: literals(POD_STATUSES), at: DateTime, detail: Nullable(Type.String()) }),
  ),
  connection: Nullable(
    Type.Object({
      ssh: Type.Object({
        host: Type.String(),
        port: Type.Integer(),
        user: Type.String(),
        command: Type.String(),
      }),
      jupyter: Nullable(Type.Object({ url: Type.String(), token: Type.String() })),
    }),
  ),
});

export const PodEnvelope = Type.Object({ pod: PodSchema });

export const ActivityItem = Type.Object({
  id: Type.String(),
  action: Type.String(),
  target_type: Nullable(Type.String()),
  target_id: Nullable(Type.String()),
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
  at: DateTime,
});

export const DashboardSchema = Type.Object({
  pods: Type.Object({ running: Type.Integer(), total: Type.Integer(), active: Type.Integer() }),
  spend: Type.Object({
    month_to_date: Type.Number(),
    projected_month: Type.Number(),
    currency: Type.Literal('USD'),
  }),
  providers: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), status: Type.String(), circuit: Type.String() }),
  ),
  recent_activity: Type.Array(ActivityItem),
  active_pods: Type.Array(PodSchema),
});
