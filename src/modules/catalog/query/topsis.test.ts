import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.js';
import { createRandom } from './offer-index.test-support.js';
import { checkWeights, DEFAULT_WEIGHTS, parseWeights, type TopsisAlternative, topsis } from './topsis.js';

describe('topsis — hand-computed example', () => {
  // Default weights: price 0.4 (cost), performance 0.3, vram 0.15, availability 0.15 (benefit).
  //        price  perf  vram  avail
  //   A      2    300    16    1
  //   B      1      0    32    1
  //   C      2    400    32    0.5
  // Column norms √Σx²: price √(4+1+4)=3, perf √(90000+0+160000)=500, vram √(256+1024+1024)=48,
  // avail √(1+1+0.25)=1.5.
  // Weighted normalized (w·x/norm):
  //   A: .4·2/3=.266667  .3·.6=.18  .15·(16/48)=.05  .15·(1/1.5)=.1
  //   B: .4·1/3=.133333  0          .15·(32/48)=.1   .1
  //   C: .266667         .3·.8=.24  .1               .15·(.5/1.5)=.05
  // Ideal (min price, max others) = (.133333, .24, .1, .1); anti-ideal = (.266667, 0, .05, .05).
  //   A: d⁺=√(.133333²+.06²+.05²+0)=√.0238778=.154524  d⁻=√(0+.18²+0+.05²)=√.0349=.186815
  //      closeness .186815/(.154524+.186815)=.547300
  //   B: d⁺=√(0+.24²+0+0)=.24  d⁻=√(.133333²+0+.05²+.05²)=√.0227778=.150923  → .150923/.390923=.386068
  //   C: d⁺=√(.133333²+0+0+.05²)=√.0202778=.142400  d⁻=√(0+.24²+.05²+0)=√.0601=.245153
  //      → .245153/.387553=.632566
  const alternatives: TopsisAlternative[] = [
    { price: 2, performance: 300, vram: 16, availability: 1 },
    { price: 1, performance: 0, vram: 32, availability: 1 },
    { price: 2, performance: 400, vram: 32, availability: 0.5 },
  ];

  it('scores A, B, C as computed by hand', () => {
    const { scores } = topsis(alternatives, DEFAULT_WEIGHTS);
    expect(scores[0]).toBeCloseTo(0.5473, 4);
    expect(scores[1]).toBeCloseTo(0.386068, 5);
    expect(scores[2]).toBeCloseTo(0.632566, 5);
  });

  it('explains A criterion by criterion', () => {
    const explanation = topsis(alternatives).explain(0);
    expect(explanation.distanceToIdeal).toBeCloseTo(0.154524, 5);
    expect(explanation.distanceToAntiIdeal).toBeCloseTo(0.186815, 5);
    expect(explanation.score).toBeCloseTo(0.5473, 4);
    const [price, performance, vram, availability] = explanation.criteria;
    expect(price).toMatchObject({ name: 'price', raw: 2, weight: 0.4, kind: 'cost' });
    expect(price!.normalized).toBeCloseTo(2 / 3, 6);
    expect(price!.weighted).toBeCloseTo(0.266667, 5);
    expect(price!.ideal).toBeCloseTo(0.133333, 5);
    expect(price!.antiIdeal).toBeCloseTo(0.266667, 5);
    expect(performance).toMatchObject({ name: 'performance', raw: 300, kind: 'benefit' });
    expect(performance!.normalized).toBeCloseTo(0.6, 6);
    expect(performance!.weighted).toBeCloseTo(0.18, 6);
    expect(vram!.normalized).toBeCloseTo(1 / 3, 6);
    expect(availability!.weighted).toBeCloseTo(0.1, 6);
  });
});

describe('topsis — degenerate sets', () => {
  it('gives a single alternative closeness 1, not NaN', () => {
    const { scores, explain } = topsis([{ price: 3, performance: 10, vram: 24, availability: 1 }]);
    expect(scores).toEqual([1]);
    expect(explain(0)).toMatchObject({ distanceToIdeal: 0, distanceToAntiIdeal: 0, score: 1 });
  });

  it('ignores an all-zero column (unmapped GPUs have performance 0)', () => {
    const { scores, explain } = topsis([
      { price: 1, performance: 0, vram: 24, availability: 1 },
      { price: 2, performance: 0, vram: 24, availability: 1 },
    ]);
    expect(scores.every(Number.isFinite)).toBe(true);
    // Only price separates them: the cheaper one is the ideal, the dearer the anti-ideal.
    expect(scores).toEqual([1, 0]);
    expect(explain(1).criteria[1]).toMatchObject({ normalized: 0, weighted: 0 });
  });

  it('returns no scores for an empty set', () => {
    expect(topsis([]).scores).toEqual([]);
  });

  it('rejects invalid weights with the validation error', () => {
    expect(() => topsis([], { price: -1 })).toThrow(AppError);
  });
});

describe('topsis — a dominated alternative never outranks its dominator (property)', () => {
  it('holds over 400 seeded random sets and weights', () => {
    const random = createRandom(20261128);
    const level = (values: readonly number[]) => values[Math.floor(random() * values.length)]!;
    let dominancePairs = 0;
    const violations: string[] = [];
    for (let round = 0; round < 400; round++) {
      // Few distinct levels per criterion so dominance (and ties) happen often.
      const n = 2 + Math.floor(random() * 25);
      const set: TopsisAlternative[] = Array.from({ length: n }, () => ({
        price: level([0.2, 0.5, 1, 2.5, 8, 30]),
        performance: level([0, 65, 125, 312, 989, 7912]),
        vram: level([16, 24, 48, 80, 640]),
        availability: level([0, 0.5, 1]),
      }));
      const weights = {
        price: 0.05 + random(),
        performance: 0.05 + random(),
        vram: 0.05 + random(),
        availability: 0.05 + random(),
      };
      const { scores } = topsis(set, weights);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const a = set[i]!;
          const b = set[j]!;
          const noWorse =
            a.price <= b.price &&
            a.performance >= b.performance &&
            a.vram >= b.vram &&
            a.availability >= b.availability;
          const better =
            a.price < b.price ||
            a.performance > b.performance ||
            a.vram > b.vram ||
            a.availability > b.availability;
          if (noWorse && better) {
            dominancePairs += 1;
            if (!(scores[i]! > scores[j]!)) violations.push(`round ${round}: ${i} dominates ${j}`);
          }
        }
      }
      if (scores.some((s) => !(s >= 0 && s <= 1))) violations.push(`round ${round}: score outside [0, 1]`);
    }
    expect(violations).toEqual([]);
    expect(dominancePairs).toBeGreaterThan(1000);
  });
});

describe('parseWeights / checkWeights', () => {
  it('normalizes to sum 1, omitted criteria weigh 0', () => {
    const parsed = parseWeights('price:0.5,performance:0.3,availability:0.2');
    expect(parsed).toEqual({ ok: true, value: { price: 0.5, performance: 0.3, vram: 0, availability: 0.2 } });
    expect(parseWeights(' price:2 , vram:6 ')).toEqual({
      ok: true,
      value: { price: 0.25, performance: 0, vram: 0.75, availability: 0 },
    });
  });

  it('falls back to the documented defaults when absent', () => {
    expect(parseWeights(undefined)).toEqual({ ok: true, value: DEFAULT_WEIGHTS });
    expect(parseWeights('')).toEqual({ ok: true, value: DEFAULT_WEIGHTS });
    expect(DEFAULT_WEIGHTS).toEqual({ price: 0.4, performance: 0.3, vram: 0.15, availability: 0.15 });
  });

  it('lists every unknown criterion and negative or malformed weight at once', () => {
    const parsed = parseWeights('price:0.5,speed:1,vram:-0.2,availability:abc,performance:0.1,price:1');
    expect(parsed.ok).toBe(false);
    const messages = parsed.ok ? [] : (parsed.errors ?? []).map((e) => e.message);
    expect(messages).toEqual([
      "'availability:abc' is not <criterion>:<number>",
      "criterion 'price' is given twice",
      "unknown criterion 'speed' (expected price, performance, vram, availability)",
      "weight of 'vram' is negative (-0.2)",
    ]);
    expect(parsed).toMatchObject({ code: 'validation_failed' });
  });

  it('rejects all-zero and non-finite weights', () => {
    expect(parseWeights('price:0,vram:0').ok).toBe(false);
    expect(checkWeights({ price: Number.NaN }).ok).toBe(false);
    expect(checkWeights({ price: Number.POSITIVE_INFINITY }).ok).toBe(false);
  });
});
