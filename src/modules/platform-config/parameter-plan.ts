import type { Clock } from '../../platform/clock/clock.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import type { ParameterRow, PodRow } from './platform-config.repo.js';
import type { ParameterChange, ParameterView } from './platform-config.types.js';
import {
  checkValue,
  definitionOf,
  describeRule,
  FREE_KEY_PATTERN,
  type ParameterDefinition,
} from './registry.js';
import { columnOf, isMasked, type ModeColumn, type ValueCodec } from './values.js';

/** A change to one parameter, checked and ready to write. */
export interface PlannedChange {
  key: string;
  action: 'create' | 'update' | 'delete' | 'unchanged';
  row: Omit<ParameterRow, 'updatedAt' | 'updatedBy'> | null;
  fields: string[];
  liveChanged: boolean;
  oldView: unknown;
  newView: unknown;
}

export const COLUMNS: ModeColumn[] = ['sandbox', 'live'];
export const FIELD_OF: Record<ModeColumn, 'sandboxValue' | 'liveValue'> = {
  sandbox: 'sandboxValue',
  live: 'liveValue',
};

/** Views of parameters (defaults, masking) and the checking of changes against type and rule. */
export function createParameterPlanner(deps: { codec: ValueCodec; clock: Clock }) {
  const { codec, clock } = deps;

  function view(
    pod: PodRow,
    def: ParameterDefinition | undefined,
    row: ParameterRow | undefined,
  ): ParameterView {
    const type = row?.parameterType ?? def!.type;
    const key = row?.key ?? def!.key;
    const shown = (column: ModeColumn) => {
      const stored = row?.[FIELD_OF[column]] ?? null;
      if (stored !== null) return codec.view(pod.podId, key, column, type, stored);
      return type === 'secret' ? null : (def?.default ?? null);
    };
    return {
      key,
      parameterType: type,
      description: row?.description ?? def?.description ?? null,
      sandboxValue: shown('sandbox'),
      liveValue: shown('live'),
      effectiveValue: shown(columnOf(pod.mode)),
      effectiveMode: pod.mode,
      source: row ? 'set' : 'default',
      wellKnown: def !== undefined,
      liveRequired: def?.liveRequired ?? false,
      validation: describeRule(def?.rule ?? row?.validation ?? undefined),
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  }

  /** Checks one change against the key's type and rule; the row to write, or the errors (with `path`). */
  function plan(
    pod: PodRow,
    existing: ParameterRow | undefined,
    change: ParameterChange,
    path: string,
    errors: FieldError[],
  ): PlannedChange | null {
    const before = errors.length;
    const def = definitionOf(change.key);
    if (!def && !FREE_KEY_PATTERN.test(change.key)) {
      errors.push({
        path: `${path}/key`,
        message: 'must be dotted lower-case words, e.g. feature.beta_banner',
      });
      return null;
    }
    const type = def?.type ?? existing?.parameterType ?? change.parameterType;
    if (def && change.parameterType && change.parameterType !== def.type)
      errors.push({ path: `${path}/parameter_type`, message: `must be ${def.type} for this well-known key` });
    if (!def && !type)
      errors.push({
        path: `${path}/parameter_type`,
        message: 'is required for a key that is not well known (is the key spelled right?)',
      });
    if (!def && existing && change.parameterType && change.parameterType !== existing.parameterType)
      errors.push({
        path: `${path}/parameter_type`,
        message: 'cannot change; delete the parameter and create it again',
      });
    if (def && change.validation)
      errors.push({ path: `${path}/validation`, message: 'is fixed for a well-known key' });
    const rule =
      def?.rule ?? (change.validation === undefined ? existing?.validation : change.validation) ?? undefined;
    if (!def && change.validation?.pattern !== undefined) {
      try {
        new RegExp(change.validation.pattern);
      } catch {
        errors.push({ path: `${path}/validation/pattern`, message: 'is not a valid regular expression' });
      }
    }
    if (errors.length > before || !type) return null;

    const oldView = existing ? view(pod, def, existing) : null;
    if (change.delete) {
      if (!existing)
        return {
          key: change.key,
          action: 'unchanged',
          row: null,
          fields: [],
          liveChanged: false,
          oldView,
          newView: null,
        };
      return {
        key: change.key,
        action: 'delete',
        row: null,
        fields: ['sandbox_value', 'live_value'],
        liveChanged: existing.liveValue !== null,
        oldView: pick(oldView),
        newView: null,
      };
    }

    const stored: Record<ModeColumn, string | null> = {
      sandbox: existing?.sandboxValue ?? null,
      live: existing?.liveValue ?? null,
    };
    const fields: string[] = [];
    for (const column of COLUMNS) {
      const incoming = change[FIELD_OF[column]];
      if (incoming === undefined || (type === 'secret' && isMasked(incoming))) continue;
      const problem = checkValue(type, incoming, rule);
      if (problem) {
        errors.push({ path: `${path}/${column}_value`, message: problem });
        continue;
      }
      const current =
        stored[column] === null ? null : codec.decode(pod.podId, change.key, column, type, stored[column]);
      if (JSON.stringify(current) === JSON.stringify(incoming)) continue;
      stored[column] = codec.encode(pod.podId, change.key, column, type, incoming);
      fields.push(`${column}_value`);
    }
    const description =
      change.description === undefined ? (existing?.description ?? null) : change.description;
    if (description !== (existing?.description ?? null)) fields.push('description');
    const validation = def
      ? null
      : ((change.validation === undefined ? existing?.validation : change.validation) ?? null);
    if (!def && JSON.stringify(validation) !== JSON.stringify(existing?.validation ?? null))
      fields.push('validation');
    if (errors.length > before) return null;

    const row = {
      podId: pod.podId,
      key: change.key,
      parameterType: type,
      sandboxValue: stored.sandbox,
      liveValue: stored.live,
      description,
      validation,
    };
    const action = !existing ? 'create' : fields.length > 0 ? 'update' : 'unchanged';
    return {
      key: change.key,
      action,
      row,
      fields,
      liveChanged: fields.includes('live_value'),
      oldView: pick(oldView),
      newView: pick(view(pod, def, { ...row, updatedAt: clock.now(), updatedBy: null })),
    };
  }

  return { view, plan };
}

export type ParameterPlanner = ReturnType<typeof createParameterPlanner>;

/** What the audit log keeps of a parameter view: its values (secrets already masked). */
function pick(v: ParameterView | null): unknown {
  if (!v) return null;
  return {
    parameter_type: v.parameterType,
    sandbox_value: v.sandboxValue,
    live_value: v.liveValue,
    description: v.description,
  };
}
