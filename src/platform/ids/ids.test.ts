import { describe, expect, it } from 'vitest';
import { createIdGenerator, ID_PREFIXES, isIdOf, parseId } from './ids.js';

describe('ids', () => {
  it('are prefixed ULIDs', () => {
    const ids = createIdGenerator();
    expect(ids.newId('pod')).toMatch(/^pod_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ids.newId('user')).toMatch(/^usr_/);
    expect(ids.newId('offer')).toMatch(/^ofr_/);
  });

  it('sort by creation time, also within one millisecond', () => {
    let now = 1_700_000_000_000;
    const ids = createIdGenerator(() => now);
    const made: string[] = [];
    for (let i = 0; i < 500; i++) {
      if (i % 100 === 0) now += 1;
      made.push(ids.newId('event'));
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(500);
  });

  it('never go backwards when the clock does', () => {
    let now = 2_000_000_000_000;
    const ids = createIdGenerator(() => now);
    const a = ids.newId('pod');
    now -= 5_000;
    const b = ids.newId('pod');
    expect(b > a).toBe(true);
  });

  it('carry their timestamp and prefix', () => {
    const ids = createIdGenerator(() => Date.UTC(2026, 10, 28, 6, 0, 0));
    const id = ids.newId('invoice');
    expect(parseId(id)).toEqual({ prefix: 'inv', timestampMs: Date.UTC(2026, 10, 28, 6, 0, 0) });
    expect(isIdOf('invoice', id)).toBe(true);
    expect(isIdOf('pod', id)).toBe(false);
  });

  it('reject malformed or unknown-prefix ids', () => {
    expect(parseId('pod_123')).toBeNull();
    expect(parseId('zzz_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBeNull();
    expect(parseId('pod_01ARZ3NDEKTSV4RRFFQ69G5FAV')).not.toBeNull();
    expect(parseId('pod_01ARZ3NDEKTSV4RRFFQ69G5FAU')).toBeNull(); // U is not Crockford base32 either
    expect(parseId('pod_01ARZ3NDEKTSV4RRFFQ69G5FAI')).toBeNull(); // I is not Crockford base32
  });

  it('have unique prefixes', () => {
    const values = Object.values(ID_PREFIXES);
    expect(new Set(values).size).toBe(values.length);
  });
});
