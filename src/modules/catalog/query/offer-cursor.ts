import { AppError } from '../../../platform/errors/app-error.js';
import { OFFER_SORTS, type OfferSort, type Position } from './offer-sorts.js';
import type { TopsisModel } from './topsis.js';

/**
 * A `cursor` the offer index did not issue, garbled, or issued for another sort, other weights or
 * (for `value`) other filters. Renders as 400 `bad_request`, like the other keyset cursors.
 */
export class InvalidCursorError extends AppError {
  constructor(reason: string) {
    super('bad_request', { detail: 'Invalid cursor.', errors: [{ path: '/cursor', message: reason }] });
    this.name = 'InvalidCursorError';
  }
}

/** What a `value` cursor freezes: the weights, the filters and the TOPSIS normalization of page 1. */
export interface ValueCursorState {
  weights: readonly number[];
  filtersHash: string;
  model: TopsisModel;
}

export interface OfferCursor {
  sort: OfferSort;
  position: Position;
  value: ValueCursorState | null;
}

const CURSOR_VERSION = 1;
const MAX_CURSOR_LENGTH = 2048;

/** FNV-1a, 32 bits, hex: an integrity check against garbled or hand-edited cursors, not a MAC. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Opaque base64url token: `<checksum>~<json>`, the JSON being
 * `[version, sort, k0, k1, id, value?]` with value `[weights, filtersHash, norms, ideal, antiIdeal]`.
 */
export function encodeCursor(cursor: OfferCursor): string {
  const { sort, position: p, value } = cursor;
  const body: unknown[] = [CURSOR_VERSION, sort, p.k0, p.k1, p.id];
  if (value) {
    const m = value.model;
    body.push([value.weights, value.filtersHash, m.norms, m.ideal, m.antiIdeal]);
  }
  const json = JSON.stringify(body);
  return Buffer.from(`${fnv1a(json)}~${json}`, 'utf8').toString('base64url');
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isVector = (x: unknown, nonNegative: boolean): x is number[] =>
  Array.isArray(x) && x.length === 4 && x.every((v) => isFiniteNumber(v) && (!nonNegative || v >= 0));

function parseValueState(raw: unknown): ValueCursorState {
  if (!Array.isArray(raw) || raw.length !== 5) throw new InvalidCursorError('malformed value state');
  const [weights, filtersHash, norms, ideal, antiIdeal] = raw as unknown[];
  if (
    !isVector(weights, true) ||
    typeof filtersHash !== 'string' ||
    !isVector(norms, true) ||
    !isVector(ideal, false) ||
    !isVector(antiIdeal, false)
  ) {
    throw new InvalidCursorError('malformed value state');
  }
  return { weights, filtersHash, model: { weights, norms, ideal, antiIdeal } };
}

/** What the current request expects a cursor to be bound to. */
export interface CursorBinding {
  sort: OfferSort;
  /** For `value`: the normalized weights of the request, in TOPSIS_CRITERIA order. */
  weights?: readonly number[];
  /** For `value`: fnv1a of the compiled filter key. */
  filtersHash?: string;
}

/** Decodes and checks a cursor; throws `InvalidCursorError` for anything it did not issue for this request. */
export function decodeCursor(token: string, expected: CursorBinding): OfferCursor {
  if (token.length === 0 || token.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new InvalidCursorError('not a cursor');
  }
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const sep = text.indexOf('~');
  const json = text.slice(sep + 1);
  if (sep < 0 || text.slice(0, sep) !== fnv1a(json)) throw new InvalidCursorError('checksum mismatch');
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  if (!Array.isArray(body) || body[0] !== CURSOR_VERSION)
    throw new InvalidCursorError('unknown cursor version');
  const [, sort, k0, k1, id, rawValue] = body as unknown[];
  if (!OFFER_SORTS.includes(sort as OfferSort) || !isFiniteNumber(k0) || !isFiniteNumber(k1)) {
    throw new InvalidCursorError('malformed position');
  }
  if (typeof id !== 'string' || id.length === 0) throw new InvalidCursorError('malformed position');
  if (sort !== expected.sort)
    throw new InvalidCursorError(`cursor is for sort '${sort}', not '${expected.sort}'`);
  const value = sort === 'value' ? parseValueState(rawValue) : null;
  if (value) {
    const w = expected.weights ?? [];
    if (value.weights.some((x, i) => x !== w[i])) throw new InvalidCursorError('cursor is for other weights');
    if (value.filtersHash !== expected.filtersHash)
      throw new InvalidCursorError('cursor is for other filters');
  } else if (rawValue !== undefined) {
    throw new InvalidCursorError('malformed position');
  }
  return { sort: sort as OfferSort, position: { k0, k1, id }, value };
}
