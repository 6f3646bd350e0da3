import {
  normalizeWeights,
  TOPSIS_CRITERIA,
  type TopsisCriterion,
  type TopsisWeights,
} from './topsis-weights.js';

export * from './topsis-weights.js';

/**
 * TOPSIS (Technique for Order of Preference by Similarity to Ideal Solution) over the four offer
 * criteria. Steps: vector normalization (x / √Σx² per column), weighting, ideal point (best value of
 * each weighted column: min for the cost criterion, max for benefit ones) and anti-ideal point (the
 * worst), Euclidean distances d⁺ (to ideal) and d⁻ (to anti-ideal), closeness d⁻ / (d⁺ + d⁻) ∈ [0, 1].
 *
 * Degenerate cases, chosen so no NaN ever comes out:
 * - a column of all zeros has norm 0: its normalized values are 0, so it adds nothing to either distance;
 * - when d⁺ + d⁻ = 0 the alternative sits on both the ideal and the anti-ideal point (a single
 *   alternative, or a set where every weighted criterion is constant): nothing ranks it below another,
 *   so its closeness is 1;
 * - an empty set yields no scores.
 */

/** One offer as TOPSIS sees it. */
export interface TopsisAlternative {
  /** USD per hour for the whole offer (cost criterion). */
  price: number;
  /** FP16 TFLOPS × GPU count (benefit). */
  performance: number;
  /** Total VRAM in GB, per-GPU × GPU count (benefit). */
  vram: number;
  /** available 1, limited 0.5, unavailable 0 (benefit). */
  availability: number;
}

/** How one criterion contributed to one alternative's score. */
export interface TopsisCriterionExplanation {
  name: TopsisCriterion;
  /** The alternative's value in the criterion's unit (USD/h, TFLOPS, GB, 0–1). */
  raw: number;
  /** raw / √Σraw² over the ranked set (0 for an all-zero column). */
  normalized: number;
  /** normalized × weight. */
  weighted: number;
  /** Normalized weight (the four sum to 1). */
  weight: number;
  kind: 'cost' | 'benefit';
  /** The weighted value of the ideal point on this criterion (best of the set). */
  ideal: number;
  /** The weighted value of the anti-ideal point on this criterion (worst of the set). */
  antiIdeal: number;
}

/** Why an alternative got its score (served with `explain=true`). */
export interface TopsisExplanation {
  criteria: TopsisCriterionExplanation[];
  distanceToIdeal: number;
  distanceToAntiIdeal: number;
  /** Closeness coefficient d⁻ / (d⁺ + d⁻) in [0, 1]. */
  score: number;
}

/**
 * What a fitted TOPSIS keeps about its set: enough to score any alternative exactly as the set's own
 * members were scored (the offer index carries it in `value` cursors so later pages keep the
 * ranking of the first). Arrays are in `TOPSIS_CRITERIA` order.
 */
export interface TopsisModel {
  weights: readonly number[];
  norms: readonly number[];
  ideal: readonly number[];
  antiIdeal: readonly number[];
}

const KINDS: ReadonlyArray<'cost' | 'benefit'> = TOPSIS_CRITERIA.map((c) =>
  c === 'price' ? 'cost' : 'benefit',
);

/** Columns in `TOPSIS_CRITERIA` order (price, performance, vram, availability), each of length n. */
export type TopsisColumns = readonly [
  ArrayLike<number>,
  ArrayLike<number>,
  ArrayLike<number>,
  ArrayLike<number>,
];

function normalize(x: number, norm: number): number {
  return norm > 0 ? x / norm : 0;
}

/** Fits the normalization and the ideal / anti-ideal points to a set given as columns of length n. */
export function fitTopsis(columns: TopsisColumns, n: number, weights: TopsisWeights): TopsisModel {
  const w = TOPSIS_CRITERIA.map((c) => weights[c]);
  const norms: number[] = [];
  const ideal: number[] = [];
  const antiIdeal: number[] = [];
  for (let c = 0; c < 4; c++) {
    const col = columns[c]!;
    let sumSq = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      sumSq += x * x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const norm = Math.sqrt(sumSq);
    norms.push(norm);
    if (n === 0) {
      ideal.push(0);
      antiIdeal.push(0);
      continue;
    }
    // Weighting and normalizing are monotone, so the best weighted value is the weighted best raw value.
    const best = KINDS[c] === 'cost' ? min : max;
    const worst = KINDS[c] === 'cost' ? max : min;
    ideal.push(w[c]! * normalize(best, norm));
    antiIdeal.push(w[c]! * normalize(worst, norm));
  }
  return { weights: w, norms, ideal, antiIdeal };
}

/**
 * Closeness of one alternative under a fitted model. The batch scoring goes through this same
 * function, so an alternative scores bit-for-bit the same alone as in its set.
 */
export function scoreWith(
  model: TopsisModel,
  price: number,
  performance: number,
  vram: number,
  availability: number,
): number {
  const { weights: w, norms, ideal, antiIdeal } = model;
  const v0 = w[0]! * normalize(price, norms[0]!);
  const v1 = w[1]! * normalize(performance, norms[1]!);
  const v2 = w[2]! * normalize(vram, norms[2]!);
  const v3 = w[3]! * normalize(availability, norms[3]!);
  const dPlus = Math.sqrt(
    (v0 - ideal[0]!) ** 2 + (v1 - ideal[1]!) ** 2 + (v2 - ideal[2]!) ** 2 + (v3 - ideal[3]!) ** 2,
  );
  const dMinus = Math.sqrt(
    (v0 - antiIdeal[0]!) ** 2 +
      (v1 - antiIdeal[1]!) ** 2 +
      (v2 - antiIdeal[2]!) ** 2 +
      (v3 - antiIdeal[3]!) ** 2,
  );
  const total = dPlus + dMinus;
  return total === 0 ? 1 : dMinus / total;
}

/** Scores n alternatives given as columns under a fitted model. */
export function scoreColumns(model: TopsisModel, columns: TopsisColumns, n: number): Float64Array {
  const [price, performance, vram, availability] = columns;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = scoreWith(model, price[i]!, performance[i]!, vram[i]!, availability[i]!);
  }
  return scores;
}

/** The per-criterion breakdown of one alternative's score under a fitted model. */
export function explainWith(model: TopsisModel, alternative: TopsisAlternative): TopsisExplanation {
  let dPlus = 0;
  let dMinus = 0;
  const criteria = TOPSIS_CRITERIA.map((name, c): TopsisCriterionExplanation => {
    const raw = alternative[name];
    const normalized = normalize(raw, model.norms[c]!);
    const weighted = model.weights[c]! * normalized;
    dPlus += (weighted - model.ideal[c]!) ** 2;
    dMinus += (weighted - model.antiIdeal[c]!) ** 2;
    return {
      name,
      raw,
      normalized,
      weighted,
      weight: model.weights[c]!,
      kind: KINDS[c]!,
      ideal: model.ideal[c]!,
      antiIdeal: model.antiIdeal[c]!,
    };
  });
  const { price, performance, vram, availability } = alternative;
  return {
    criteria,
    distanceToIdeal: Math.sqrt(dPlus),
    distanceToAntiIdeal: Math.sqrt(dMinus),
    score: scoreWith(model, price, performance, vram, availability),
  };
}

/**
 * Ranks alternatives by TOPSIS closeness (higher is better). `weights` as in `normalizeWeights`
 * (omitted → defaults); invalid weights throw the `validation_failed` AppError.
 */
export function topsis(
  alternatives: readonly TopsisAlternative[],
  weights?: Partial<Record<string, number>>,
): { scores: number[]; explain(i: number): TopsisExplanation; model: TopsisModel } {
  const n = alternatives.length;
  const columns = TOPSIS_CRITERIA.map((name) => alternatives.map((a) => a[name])) as unknown as TopsisColumns;
  const model = fitTopsis(columns, n, normalizeWeights(weights));
  return {
    scores: Array.from(scoreColumns(model, columns, n)),
    explain: (i) => {
      const alternative = alternatives[i];
      if (!alternative) throw new RangeError(`no alternative ${i}`);
      return explainWith(model, alternative);
    },
    model,
  };
}
