import { Type } from 'typebox';
import type { AuditRow, PodRow } from './platform-config.repo.js';
import type { ParameterView } from './platform-config.service.js';
import { AUDIT_ACTIONS, MODES, PARAMETER_TYPES } from './platform-config.tables.js';

const literals = <const T extends readonly string[]>(values: T) => Type.Enum([...values] as T[number][]);

export const PodIdParam = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'The POD id' });
const Region = Type.String({
  pattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$',
  description: 'AWS region, e.g. us-east-1',
});
const FeatureFlags = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' }), Type.Boolean());
const ModeSchema = literals(MODES);
const TypeSchema = literals(PARAMETER_TYPES);
/** Any JSON value: the parameter's type says which. */
const Value = Type.Unknown({ description: 'A value of the parameter type; null = unset; secrets masked' });

export const PodView = Type.Object(
  {
    pod_id: Type.String(),
    name: Type.String(),
    mode: ModeSchema,
    aws_region: Type.Union([Type.String(), Type.Null()]),
    feature_flags: Type.Record(Type.String(), Type.Boolean()),
    is_current: Type.Boolean({ description: 'The POD this server process serves' }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const CreatePodBody = Type.Object(
  {
    pod_id: PodIdParam,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    aws_region: Type.Optional(Type.Union([Region, Type.Null()])),
    feature_flags: Type.Optional(FeatureFlags),
  },
  { additionalProperties: false },
);

export const UpdatePodBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    aws_region: Type.Optional(Type.Union([Region, Type.Null()])),
    feature_flags: Type.Optional(FeatureFlags),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SwitchModeBody = Type.Object(
  { mode: ModeSchema, confirm: Type.Optional(Type.String({ maxLength: 63 })) },
  { additionalProperties: false },
);

const KeySchema = Type.String({ minLength: 1, maxLength: 120, description: 'e.g. markup_percent.pro' });
const ValidationRuleSchema = Type.Object(
  {
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    pattern: Type.Optional(Type.String({ maxLength: 200 })),
    values: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const Confirm = Type.Optional(
  Type.String({ maxLength: 63, description: 'The pod_id, when the change alters what a LIVE POD does' }),
);

export const ParameterViewSchema = Type.Object(
  {
    key: Type.String(),
    parameter_type: TypeSchema,
    description: Type.Union([Type.String(), Type.Null()]),
    sandbox_value: Value,
    live_value: Value,
    effective_value: Value,
    effective_mode: ModeSchema,
    source: literals(['set', 'default'] as const),
    well_known: Type.Boolean(),
    live_required: Type.Boolean(),
    validation: Type.Union([Type.String(), Type.Null()]),
    updated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    updated_by: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

const ParameterFields = {
  parameter_type: Type.Optional(TypeSchema),
  sandbox_value: Type.Optional(Value),
  live_value: Type.Optional(Value),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  validation: Type.Optional(Type.Union([ValidationRuleSchema, Type.Null()])),
};

export const CreateParameterBody = Type.Object(
  { key: KeySchema, ...ParameterFields, confirm: Confirm },
  { additionalProperties: false },
);

export const UpdateParameterBody = Type.Object(
  { ...ParameterFields, confirm: Confirm },
  { additionalProperties: false },
);

export const ValidateBody = Type.Object(
  {
    changes: Type.Array(
      Type.Object(
        { key: KeySchema, ...ParameterFields, delete: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

const FieldErrorSchema = Type.Object({ path: Type.String(), message: Type.String() });
export const ValidateResponse = Type.Object({ valid: Type.Boolean(), errors: Type.Array(FieldErrorSchema) });

export const AuditQuery = Type.Object(
  {
    key: Type.Optional(KeySchema),
    action: Type.Optional(literals(AUDIT_ACTIONS)),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: 'date-time' }),
    actor: Type.String(),
    key: Type.Union([Type.String(), Type.Null()]),
    action: literals(AUDIT_ACTIONS),
    old_value: Value,
    new_value: Value,
  },
  { additionalProperties: false },
);

/** The export/import document (version 1). */
export const ConfigDocument = Type.Object(
  {
    version: Type.Literal(1),
    pod: Type.Optional(
      Type.Object({
        pod_id: Type.Optional(Type.String()),
        name: Type.Optional(Type.String()),
        aws_region: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        feature_flags: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
      }),
    ),
    parameters: Type.Array(
      Type.Object(
        {
          key: KeySchema,
          parameter_type: TypeSchema,
          description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          sandbox_value: Type.Optional(Value),
          live_value: Type.Optional(Value),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  {
    dry_run: Type.Boolean({ default: false }),
    confirm: Confirm,
  },
  { additionalProperties: false },
);

export const ImportResponse = Type.Object({
  valid: Type.Boolean(),
  applied: Type.Boolean(),
  errors: Type.Array(FieldErrorSchema),
  changes: Type.Array(
    Type.Object({
      key: Type.String(),
      action: literals(['create', 'update', 'unchanged'] as const),
      fields: Type.Array(Type.String()),
    }),
  ),
});

export function toPodView(pod: PodRow, currentPodId: string) {
  return {
    pod_id: pod.podId,
    name: pod.name,
    mode: pod.mode,
    aws_region: pod.awsRegion,
    feature_flags: pod.featureFlags,
    is_current: pod.podId === currentPodId,
    created_at: pod.createdAt.toISOString(),
    updated_at: pod.updatedAt.toISOString(),
  };
}

export function toParameterView(p: ParameterView) {
  return {
    key: p.key,
    parameter_type: p.parameterType,
    description: p.description,
    sandbox_value: p.sandboxValue,
    live_value: p.liveValue,
    effective_value: p.effectiveValue,
    effective_mode: p.effectiveMode,
    source: p.source,
    well_known: p.wellKnown,
    live_required: p.liveRequired,
    validation: p.validation,
    updated_at: p.updatedAt?.toISOString() ?? null,
    updated_by: p.updatedBy,
  };
}

export function toAuditEntry(row: Omit<AuditRow, 'podId' | 'actorId' | 'requestId'> & Partial<AuditRow>) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    key: row.key,
    action: row.action,
    old_value: row.oldValue ?? null,
    new_value: row.newValue ?? null,
  };
}
