import type { ParameterType } from './admin-config.api';

/** A value as a table cell shows it; null means "not set". */
export function displayValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * What an input holds while the admin types: text for everything but booleans. Secrets always start
 * empty (the server never sends the clear value; empty means "keep").
 */
export type Draft = string | boolean;

export function toDraft(type: ParameterType, value: unknown): Draft {
  if (type === 'bool') return value === true;
  if (type === 'secret' || value === null || value === undefined) return '';
  if (type === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** The typed value of a draft; an empty text is null (unset). Parse errors are caught here, before the server. */
export function parseDraft(type: ParameterType, draft: Draft): Parsed {
  if (type === 'bool') return { ok: true, value: draft === true };
  const text = String(draft);
  if (text.trim() === '') return { ok: true, value: null };
  switch (type) {
    case 'int': {
      const n = Number(text);
      return Number.isInteger(n) ? { ok: true, value: n } : { ok: false, message: 'Must be a whole number.' };
    }
    case 'float': {
      const n = Number(text);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'Must be a number.' };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch (err) {
        return {
          ok: false,
          message: `Not valid JSON: ${err instanceof Error ? err.message : 'parse error'}`,
        };
      }
    default:
      return { ok: true, value: text };
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export const PARAMETER_TYPES: readonly ParameterType[] = ['string', 'int', 'float', 'bool', 'json', 'secret'];

/** Free-form keys: dotted lower-case segments (same rule as the server). */
export const FREE_FORM_KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*$/;
