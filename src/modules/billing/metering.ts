import type { UsageStatus } from './billing.tables.js';

/**
 * Pure metering arithmetic: which statuses cost what, whole seconds, month periods. A pod is billed
 * per second: compute (provider price + plan markup) while running, storage while it holds an
 * instance (ready, running, stopped). Rates are the ones recorded at deploy, never a later price.
 */
export interface MeterRates {
  pricePerHourMicros: number;
  markupPercent: number;
  storagePerHourMicros: number;
}

export interface IntervalCost {
  computeMicros: number;
  markupMicros: number;
  storageMicros: number;
  amountMicros: number;
}

const SECONDS_PER_HOUR = 3_600;

export function isMetered(status: string): status is UsageStatus {
  return status === 'running' || status === 'ready' || status === 'stopped';
}

/** Per-hour rate of a pod in `status` (micro-dollars): what the dashboard's projection multiplies. */
export function hourlyMicros(status: string, rates: MeterRates): number {
  if (!isMetered(status)) return 0;
  if (status !== 'running') return rates.storagePerHourMicros;
  const markup = Math.round((rates.pricePerHourMicros * rates.markupPercent) / 100);
  return rates.pricePerHourMicros + markup + rates.storagePerHourMicros;
}

/** The cost of `seconds` in `status` at `rates`, each part rounded to the micro-dollar. */
export function priceInterval(status: UsageStatus, seconds: number, rates: MeterRates): IntervalCost {
  const part = (perHour: number) => Math.round((perHour * seconds) / SECONDS_PER_HOUR);
  const storageMicros = part(rates.storagePerHourMicros);
  if (status !== 'running')
    return { computeMicros: 0, markupMicros: 0, storageMicros, amountMicros: storageMicros };
  const computeMicros = part(rates.pricePerHourMicros);
  const markupMicros = part((rates.pricePerHourMicros * rates.markupPercent) / 100);
  return {
    computeMicros,
    markupMicros,
    storageMicros,
    amountMicros: computeMicros + markupMicros + storageMicros,
  };
}

/** `YYYY-MM` of the UTC month `at` falls in. */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** Whole seconds since the epoch: intervals are cut on second boundaries, so splits add up exactly. */
const wholeSeconds = (at: Date) => Math.floor(at.getTime() / 1_000);

/**
 * `[from, to)` cut at month boundaries, each piece with its whole seconds. Empty when `to` is not
 * after `from` (or the two fall within one second).
 */
export function splitByMonth(
  from: Date,
  to: Date,
): Array<{ period: string; start: Date; end: Date; seconds: number }> {
  const pieces: Array<{ period: string; start: Date; end: Date; seconds: number }> = [];
  let start = from;
  while (start.getTime() < to.getTime()) {
    const boundary = nextMonthStart(start);
    const end = boundary.getTime() < to.getTime() ? boundary : to;
    const seconds = wholeSeconds(end) - wholeSeconds(start);
    if (seconds > 0) pieces.push({ period: periodOf(start), start, end, seconds });
    start = end;
  }
  return pieces;
}
