import { describe, expect, it } from 'vitest';
import { checkValue, definitionOf, describeRule, FREE_KEY_PATTERN, REGISTRY } from './registry.js';
import { isMasked, mask } from './values.js';

describe('parameter registry', () => {
  it('has unique keys, each default valid for its own type and rule', () => {
    expect(new Set(REGISTRY.map((d) => d.key)).size).toBe(REGISTRY.length);
    for (const d of REGISTRY) expect(checkValue(d.type, d.default, d.rule), d.key).toBeNull();
    expect(REGISTRY.filter((d) => d.liveRequired).map((d) => d.key)).toEqual([
      'stripe.secret_key',
      'stripe.webhook_secret',
    ]);
  });

  it.each([
    ['int', 1.5, 'must be an integer'],
    ['int', '3', 'must be an integer'],
    ['float', Number.NaN, 'must be a number'],
    ['bool', 'true', 'must be true or false'],
    ['string', 42, 'must be a string'],
    ['secret', '', 'must not be empty'],
  ] as const)('checks type %s: %j → %s', (type, value, message) => {
    expect(checkValue(type, value)).toBe(message);
  });

  it('applies rules: ranges, patterns, lists, one-of', () => {
    const markup = definitionOf('markup_percent.free')!;
    expect(checkValue('float', 100, markup.rule)).toBeNull();
    expect(checkValue('float', 100.01, markup.rule)).toBe('must be at most 100');
    const gpus = definitionOf('catalog.featured_gpus')!;
    expect(checkValue('json', ['H100-80GB-SXM'], gpus.rule)).toBeNull();
    expect(checkValue('json', 'H100-80GB-SXM', gpus.rule)).toMatch(/list/);
    expect(checkValue('string', 'b', { values: ['a', 'c'] })).toBe('must be one of a, c');
    expect(checkValue('int', null, { min: 5 })).toBeNull();
    expect(describeRule({ min: 1, max: 5 })).toBe('≥ 1, ≤ 5');
  });

  it('accepts dotted lower-case free-form keys only', () => {
    expect(FREE_KEY_PATTERN.test('feature.beta_banner')).toBe(true);
    expect(FREE_KEY_PATTERN.test('Feature.Beta')).toBe(false);
    expect(FREE_KEY_PATTERN.test('a..b')).toBe(false);
  });

  it('masks secrets: 4 last characters only for long values', () => {
    expect(mask('sk_live_abcdefghij1234')).toBe('••••1234');
    expect(mask('short')).toBe('••••');
    expect(isMasked('••••1234')).toBe(true);
    expect(isMasked('sk_live_x')).toBe(false);
  });
});
