import type { SecretMode, SecretRef } from './secret-store.port.js';

/**
 * Secret names: `<prefix>/<pod_id>/<mode>/<key>`. Pod ids and parameter keys use only
 * `a-z0-9_.-`, valid as they are in both SSM parameter names (`a-zA-Z0-9_.-` and `/`) and Secrets
 * Manager names (`a-zA-Z0-9/_+=.@-`), so names stay readable. A segment with any other character
 * (or starting with `_`) is stored as `_` + base64url(UTF-8), which uses only `A-Za-z0-9_-`:
 * a segment starting with `_` is therefore always an encoded one, and decoding is exact.
 */
const PLAIN_SEGMENT = /^[A-Za-z0-9.-][A-Za-z0-9_.-]*$/;

export function encodeSegment(segment: string): string {
  if (segment === '') throw new Error('secret name segment must not be empty');
  if (PLAIN_SEGMENT.test(segment)) return segment;
  return `_${Buffer.from(segment, 'utf8').toString('base64url')}`;
}

export function decodeSegment(segment: string): string | null {
  if (segment === '') return null;
  if (!segment.startsWith('_')) return PLAIN_SEGMENT.test(segment) ? segment : null;
  const body = segment.slice(1);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const decoded = Buffer.from(body, 'base64url').toString('utf8');
  // Round-trip check: rejects foreign names that merely start with `_`.
  return encodeSegment(decoded) === segment ? decoded : null;
}

/** `<prefix>/<pod>` — the hierarchy level that holds one POD's secrets. */
export function podPath(prefix: string, podId: string): string {
  return `${prefix}/${encodeSegment(podId)}`;
}

export function secretName(prefix: string, ref: SecretRef): string {
  return `${podPath(prefix, ref.podId)}/${ref.mode}/${encodeSegment(ref.key)}`;
}

/** The mode and key of a name under `podPath(prefix, podId)`, or null for anything else. */
export function parseSecretName(
  prefix: string,
  podId: string,
  name: string,
): { mode: SecretMode; key: string } | null {
  const base = `${podPath(prefix, podId)}/`;
  if (!name.startsWith(base)) return null;
  const rest = name.slice(base.length).split('/');
  if (rest.length !== 2) return null;
  const [mode, encodedKey] = rest as [string, string];
  if (mode !== 'sandbox' && mode !== 'live') return null;
  const key = decodeSegment(encodedKey);
  return key === null ? null : { mode, key };
}

/** Throws for a prefix the store cannot use (checked once, when the adapter is created). */
export function assertPrefix(prefix: string, rule: RegExp, what: string): void {
  if (!rule.test(prefix)) throw new Error(`invalid ${what} prefix '${prefix}'`);
}

export function bySecretOrder(a: { key: string; mode: string }, b: { key: string; mode: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.mode < b.mode ? -1 : a.mode > b.mode ? 1 : 0;
}
