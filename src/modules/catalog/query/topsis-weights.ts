import { type FieldError, fail, ok, type Result, unwrap } from '../../../platform/errors/app-error.js';

/** The criteria of the value ranking, in the fixed order every TOPSIS array uses. */
export const TOPSIS_CRITERIA = ['price', 'performance', 'vram', 'availability'] as const;
export type TopsisCriterion = (typeof TOPSIS_CRITERIA)[number];

/** Normalized weights: each ≥ 0, summing to 1. */
export type TopsisWeights = Readonly<Record<TopsisCriterion, number>>;

/**
 * Weights when the client gives none: price leads (a broker's first question is cost), compute
 * next, and memory and availability share the rest.
 */
export const DEFAULT_WEIGHTS: TopsisWeights = Object.freeze({
  price: 0.4,
  performance: 0.3,
  vram: 0.15,
  availability: 0.15,
});

const WEIGHTS_PATH = '/weights';

function isCriterion(name: string): name is TopsisCriterion {
  return (TOPSIS_CRITERIA as readonly string[]).includes(name);
}

/**
 * Validates and normalizes client weights: undefined or `{}` → `DEFAULT_WEIGHTS`; otherwise the
 * criteria given (omitted ones weigh 0) scaled to sum 1. Fails `validation_failed` listing every
 * unknown criterion and every negative or non-finite weight, or when all weights are 0.
 */
export function checkWeights(
  weights: Partial<Record<string, number>> | undefined,
): Result<TopsisWeights, 'validation_failed'> {
  const entries = Object.entries(weights ?? {}).filter((e): e is [string, number] => e[1] !== undefined);
  if (entries.length === 0) return ok(DEFAULT_WEIGHTS);
  const errors: FieldError[] = [];
  const raw: Record<TopsisCriterion, number> = { price: 0, performance: 0, vram: 0, availability: 0 };
  for (const [name, value] of entries) {
    if (!isCriterion(name)) {
      errors.push({
        path: WEIGHTS_PATH,
        message: `unknown criterion '${name}' (expected ${TOPSIS_CRITERIA.join(', ')})`,
      });
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push({ path: WEIGHTS_PATH, message: `weight of '${name}' is not a finite number` });
    } else if (value < 0) {
      errors.push({ path: WEIGHTS_PATH, message: `weight of '${name}' is negative (${value})` });
    } else {
      raw[name] = value;
    }
  }
  if (errors.length > 0) return fail('validation_failed', 'Invalid value weights.', errors);
  const sum = raw.price + raw.performance + raw.vram + raw.availability;
  if (sum === 0) {
    return fail('validation_failed', 'Invalid value weights.', [
      { path: WEIGHTS_PATH, message: 'at least one weight must be greater than 0' },
    ]);
  }
  return ok(
    Object.freeze({
      price: raw.price / sum,
      performance: raw.performance / sum,
      vram: raw.vram / sum,
      availability: raw.availability / sum,
    }),
  );
}

/** `checkWeights` for trusted callers: throws the `validation_failed` AppError instead of returning it. */
export function normalizeWeights(weights: Partial<Record<string, number>> | undefined): TopsisWeights {
  return unwrap(checkWeights(weights));
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses the `weights` query parameter, `price:0.5,performance:0.3,availability:0.2`, into
 * normalized weights (see `checkWeights`; omitted criteria weigh 0, an empty string means defaults).
 * Fails `validation_failed` listing every malformed entry, repeated criterion, unknown criterion and
 * negative weight at once.
 */
export function parseWeights(text: string | undefined): Result<TopsisWeights, 'validation_failed'> {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return ok(DEFAULT_WEIGHTS);
  const errors: FieldError[] = [];
  const parsed: Record<string, number> = {};
  for (const part of trimmed.split(',')) {
    const entry = part.trim();
    const colon = entry.indexOf(':');
    const name = colon < 0 ? entry : entry.slice(0, colon).trim();
    const value = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (name === '' || !DECIMAL.test(value)) {
      errors.push({ path: WEIGHTS_PATH, message: `'${entry}' is not <criterion>:<number>` });
    } else if (Object.hasOwn(parsed, name)) {
      errors.push({ path: WEIGHTS_PATH, message: `criterion '${name}' is given twice` });
    } else {
      parsed[name] = Number(value);
    }
  }
  const checked = checkWeights(parsed);
  if (!checked.ok) errors.push(...(checked.errors ?? []));
  if (errors.length > 0) return fail('validation_failed', 'Invalid value weights.', errors);
  return checked;
}
