import type { Parameter, ParameterChange, ParameterType } from './admin-config.api';
import { type Parsed, sameValue } from './parameter-values';

/** Messages the form has no input for (e.g. a path at the change level). */
export function unplaced(errors: { path: string; message: string }[]): string[] {
  const placed = new Set(['key', 'parameter_type', 'sandbox_value', 'live_value', 'description']);
  return errors
    .filter((e) => !placed.has(e.path.replace(/^\/changes\/0\/?/, '').split('/')[0] ?? ''))
    .map((e) => e.message);
}

/** Whether the change touches a value (adding always does): only then is there something to validate. */
export function hasValueChange(change: ParameterChange, creating: boolean): boolean {
  return creating || 'sandbox_value' in change || 'live_value' in change;
}

/**
 * The change to validate and save. Editing sends only what the admin touched and what differs from
 * the stored value (an empty secret input keeps the secret); adding sends the values that are set.
 */
export function buildChange(
  parameter: Parameter | null,
  key: string,
  type: ParameterType | null,
  parsed: { sandbox_value: Parsed; live_value: Parsed },
  touched: { sandbox_value: boolean; live_value: boolean },
): ParameterChange {
  const change: ParameterChange = { key };
  if (!parameter) {
    if (type) change.parameter_type = type;
    for (const field of ['sandbox_value', 'live_value'] as const) {
      const p = parsed[field];
      if (p.ok && touched[field] && p.value !== null) change[field] = p.value;
    }
    return change;
  }
  const secret = parameter.parameter_type === 'secret';
  for (const field of ['sandbox_value', 'live_value'] as const) {
    const p = parsed[field];
    if (!p.ok || !touched[field]) continue;
    if (secret ? p.value !== null : !sameValue(p.value, parameter[field])) change[field] = p.value;
  }
  return change;
}
