import { describe, expect, it } from 'vitest';
import { hourlyMicros, priceInterval, splitByMonth } from './metering.js';
import { addInterval } from './sandbox.gateway.js';

const at = (iso: string) => new Date(iso);
// An H100 at $2.49/h, 10 % markup, 100 GB of storage at $0.10/GB-month (≈ $0.0137/h).
const RATES = { pricePerHourMicros: 2_490_000, markupPercent: 10, storagePerHourMicros: 13_699 };

describe('metering arithmetic', () => {
  it('prices a running second as provider price + markup + storage, and idle statuses as storage only', () => {
    const hour = priceInterval('running', 3_600, RATES);
    expect(hour).toEqual({
      computeMicros: 2_490_000,
      markupMicros: 249_000,
      storageMicros: 13_699,
      amountMicros: 2_752_699,
    });
    expect(priceInterval('running', 1, RATES)).toEqual({
      computeMicros: 692,
      markupMicros: 69,
      storageMicros: 4,
      amountMicros: 765,
    });
    expect(priceInterval('stopped', 3_600, RATES)).toEqual({
      computeMicros: 0,
      markupMicros: 0,
      storageMicros: 13_699,
      amountMicros: 13_699,
    });
    expect(priceInterval('ready', 7_200, RATES).amountMicros).toBe(27_398);
  });

  it('gives the hourly rate of each status (nothing once over)', () => {
    expect(hourlyMicros('running', RATES)).toBe(2_752_699);
    expect(hourlyMicros('stopped', RATES)).toBe(13_699);
    expect(hourlyMicros('terminated', RATES)).toBe(0);
    expect(hourlyMicros('provisioning', RATES)).toBe(0);
  });

  it('cuts an interval at month boundaries in whole seconds that add up to the whole', () => {
    const pieces = splitByMonth(at('2026-10-31T23:59:30.400Z'), at('2026-11-01T00:00:45.900Z'));
    expect(pieces.map((p) => [p.period, p.seconds])).toEqual([
      ['2026-10', 30],
      ['2026-11', 45],
    ]);
    const long = splitByMonth(at('2026-01-15T00:00:00Z'), at('2026-04-02T00:00:00Z'));
    expect(long.map((p) => p.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(long.reduce((s, p) => s + p.seconds, 0)).toBe(
      (Date.UTC(2026, 3, 2) - Date.UTC(2026, 0, 15)) / 1000,
    );
    expect(splitByMonth(at('2026-11-01T00:00:00.100Z'), at('2026-11-01T00:00:00.900Z'))).toEqual([]);
    expect(splitByMonth(at('2026-11-02T00:00:00Z'), at('2026-11-01T00:00:00Z'))).toEqual([]);
  });

  it('renews a period by calendar month, clamping the day like Stripe', () => {
    expect(addInterval(at('2026-01-31T10:00:00Z'), 'month').toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addInterval(at('2028-01-31T10:00:00Z'), 'month').toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(addInterval(at('2026-11-28T18:00:00Z'), 'month').toISOString()).toBe('2026-12-28T18:00:00.000Z');
    expect(addInterval(at('2026-12-15T00:00:00Z'), 'month').toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(addInterval(at('2028-02-29T00:00:00Z'), 'year').toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });
});
