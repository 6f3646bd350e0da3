import { problemOf } from '../auth/form-problem';
import type { PathError } from './admin-config.api';

/** The `errors[]` of a failed call (422), or none. */
export function pathErrors(error: unknown): PathError[] {
  return problemOf(error)?.errors ?? [];
}

/** Errors whose path is `prefix` + `/<field>`, keyed by that field (first message wins). */
export function errorsUnder(errors: readonly PathError[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (!e.path.startsWith(`${prefix}/`)) continue;
    const field = e.path.slice(prefix.length + 1).split('/')[0];
    if (field && !(field in out)) out[field] = e.message;
  }
  return out;
}
