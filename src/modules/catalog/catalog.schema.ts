import { Type } from 'typebox';
import { AVAILABILITIES } from './catalog.types.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** One of some strings: a JSON Schema `enum` whose static type keeps the members. */
function literals<const T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}

export const SORTS = ['price', '-price', 'performance', 'availability', 'value'] as const;

export const CriterionExplanation = Type.Object({
  name: Type.String(),
  kind: literals(['cost', 'benefit'] as const),
  raw: Type.Number(),
  normalized: Type.Number(),
  weighted: Type.Number(),
  weight: Type.Number(),
  ideal: Type.Number({ description: 'Weighted value of the best offer of the set on this criterion' }),
  anti_ideal: Type.Number({ description: 'Weighted value of the worst offer of the set on this criterion' }),
});

export const ValueExplanation = Type.Object(
  {
    criteria: Type.Array(CriterionExplanation),
    distance_to_ideal: Type.Number(),
    distance_to_anti_ideal: Type.Number(),
    score: Type.Number(),
  },
  { description: 'TOPSIS: each criterion normalized and weighted, and the distances behind the score.' },
);

export const OfferSchema = Type.Object(
  {
    id: Type.String(),
    provider: Type.String(),
    provider_offer_id: Type.String(),
    gpu_model: Type.String({ description: 'Canonical model (H100-80GB-SXM), or the raw name when unmapped' }),
    gpu_mapped: Type.Boolean(),
    gpu_count: Type.Integer(),
    gpu_vram_gb: Type.Number({ description: 'Per GPU' }),
    vcpus: Type.Number(),
    ram_gb: Type.Number(),
    storage_gb: Type.Number(),
    region: Type.String(),
    country: Nullable(Type.String()),
    spot: Type.Boolean(),
    availability: literals(AVAILABILITIES),
    price_per_hour: Type.Number({ description: 'USD per hour for the whole offer (all its GPUs)' }),
    price_per_hour_with_markup: Type.Number({ description: "What the caller's plan pays per hour" }),
    performance_score: Type.Number({ description: 'FP16 TFLOPS × GPU count' }),
    value_score: Type.Optional(Type.Number({ description: 'TOPSIS closeness in [0, 1] (sort=value)' })),
    explain: Type.Optional(ValueExplanation),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

const Csv = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description });

export const OffersQuery = Type.Object(
  {
    gpu_model: Type.Optional(Csv('Canonical GPU model; repeat for several (any of them)')),
    min_gpu_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
    max_gpu_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
    min_vram_gb: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000, description: 'Per GPU' })),
    min_price: Type.Optional(Type.Number({ minimum: 0, description: 'USD per hour, whole offer' })),
    max_price: Type.Optional(
      Type.Number({ minimum: 0, description: 'USD per hour, whole offer (inclusive)' }),
    ),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    provider: Type.Optional(Csv('Provider id; repeat for several (any of them)')),
    spot: Type.Optional(Type.Boolean()),
    available: Type.Optional(Type.Boolean({ description: 'true: only offers not unavailable' })),
    min_vcpus: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    min_ram_gb: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    sort: Type.Optional(literals(SORTS)),
    weights: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'For sort=value: criterion:weight pairs, e.g. price:0.5,performance:0.3,availability:0.2',
      }),
    ),
    explain: Type.Optional(Type.Boolean({ description: 'With sort=value: include the score explanation' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const ProviderSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: literals(['live', 'catalog', 'catalog_only'] as const),
    status: literals(['healthy', 'degraded', 'down'] as const),
    circuit: literals(['closed', 'open', 'half_open'] as const),
    enabled: Type.Boolean(),
    offers_count: Type.Integer(),
    available_offers_count: Type.Integer(),
    last_sync_at: Nullable(Type.String({ format: 'date-time' })),
    last_success_at: Nullable(Type.String({ format: 'date-time' })),
    last_error: Nullable(Type.String()),
    supports_provisioning: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const GpuSchema = Type.Object(
  {
    model: Type.String(),
    vendor: Type.String(),
    family: Type.String(),
    vram_gb: Type.Number(),
    form_factor: Type.String(),
    architecture: Type.String(),
    fp16_tflops: Nullable(
      Type.Number({ description: 'Dense tensor FP16 TFLOPS (datasheet); null when unpublished' }),
    ),
    bf16_tflops: Nullable(Type.Number()),
    memory_bandwidth_gbps: Nullable(Type.Number({ description: 'GB/s; null when unpublished' })),
  },
  { additionalProperties: false },
);

export const FeaturedSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      gpu_model: Type.String(),
      gpu: Nullable(GpuSchema),
      offers_count: Type.Integer(),
      best: Nullable(OfferSchema),
    }),
  ),
  generated_at: Type.String({ format: 'date-time' }),
});

export const PriceHistorySchema = Type.Object({
  items: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), price_per_hour: Type.Number() })),
  next_cursor: Nullable(Type.String()),
});

export const ImportResultSchema = Type.Object({
  provider: Type.String(),
  format: literals(['skypilot', 'gpuhunt'] as const),
  registered_provider: Type.Boolean({ description: 'true when the import created a catalog-only provider' }),
  rows_read: Type.Integer(),
  imported: Type.Integer({ description: 'Offers in the catalog for this provider after the import' }),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  removed: Type.Integer({ description: 'Offers of the provider that the file no longer lists' }),
  skipped_cpu_only: Type.Integer(),
  skipped_invalid: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
  unmapped_gpus: Type.Array(Type.Object({ name: Type.String(), offers: Type.Integer() })),
});

export const UnmappedSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      provider: Type.String(),
      raw_name: Type.String(),
      vram_gb: Nullable(Type.Number()),
      offers_count: Type.Integer(),
      first_seen_at: Type.String({ format: 'date-time' }),
      last_seen_at: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const SyncReportSchema = Type.Object({
  provider: Type.String(),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
  received: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  removed: Type.Integer(),
  price_changes: Type.Integer(),
  unmapped: Type.Integer(),
  rejected: Type.Integer(),
  circuit: literals(['closed', 'open', 'half_open'] as const),
  status: literals(['healthy', 'degraded', 'down'] as const),
});

export const ResolveQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    vram_gb: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })),
    provider: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const ResolveSchema = Type.Object({
  name: Type.String(),
  mapped: Type.Boolean(),
  model: Nullable(Type.String()),
  gpu: Nullable(GpuSchema),
  matched_by: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
