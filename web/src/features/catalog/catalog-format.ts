import type { Availability, ProviderStatus } from './catalog.api';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** `$2.49/h`; sub-cent prices keep up to four decimals (`$0.0035/h`). */
export function formatPricePerHour(usdPerHour: number): string {
  return `${usd.format(usdPerHour)}/h`;
}

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** `$59.76`: a total (per day, per month), to the cent. */
export function formatTotal(amount: number): string {
  return cents.format(amount);
}

/** `$2.49`, `$0.0035`: a plain USD amount at price precision. */
export function formatUsd(amount: number): string {
  return usd.format(amount);
}

/** Memory in GB without a trailing `.0` (`80 GB`, `7.5 GB`). */
export function formatGb(gb: number): string {
  return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
}

/** A TOPSIS closeness coefficient in [0, 1], to three decimals. */
export function formatScore(score: number): string {
  return score.toFixed(3);
}

/** `us-east-1 · US`, or just the region when the country is unknown. */
export function formatLocation(region: string, country: string | null): string {
  return country ? `${region} · ${country}` : region;
}

export const AVAILABILITY_LABEL: Record<Availability, string> = {
  available: 'Available',
  limited: 'Limited',
  unavailable: 'Unavailable',
};

export const AVAILABILITY_COLOR: Record<Availability, string> = {
  available: 'teal',
  limited: 'yellow',
  unavailable: 'gray',
};

export const HEALTH_LABEL: Record<ProviderStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
};

export const HEALTH_COLOR: Record<ProviderStatus, string> = {
  healthy: 'teal',
  degraded: 'yellow',
  down: 'red',
};
