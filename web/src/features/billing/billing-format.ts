import type { Interval, PlanId } from './billing.api';

export const PLAN_LABEL: Record<PlanId, string> = { free: 'FREE', pro: 'PRO', enterprise: 'ENTERPRISE' };

export const INTERVAL_LABEL: Record<Interval, string> = { month: 'Monthly', year: 'Annual' };

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const whole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** `$12.34`: an amount to the cent. */
export const formatMoney = (usd: number) => cents.format(usd);

/** `$29`, `$24.17`: a plan price, without `.00` when it is whole dollars. */
export const formatPrice = (usd: number) => whole.format(usd);

/** `$0.4210/h`: an hourly rate, to a hundredth of a cent. */
export const formatRate = (usdPerHour: number) =>
  `${new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(usdPerHour)}/h`;

const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dayTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** `28 Nov 2026` (UTC: billing periods are UTC months). */
export const formatDate = (iso: string) => day.format(new Date(iso));

/** `28 Nov 2026, 16:21` UTC. */
export const formatDateTime = (iso: string) => dayTime.format(new Date(iso));

/** `1 Nov 2026 – 30 Nov 2026`: a period whose end is exclusive (the next period's start). */
export function formatPeriod(startIso: string, endIso: string): string {
  const lastDay = new Date(new Date(endIso).getTime() - 1).toISOString();
  return `${formatDate(startIso)} – ${formatDate(lastDay)}`;
}

/** `2 h 5 min 3 s`, `45 s`: a duration in seconds, largest units first, zero parts left out. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const parts: string[] = [];
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (sec || parts.length === 0) parts.push(`${sec} s`);
  return parts.join(' ');
}

/** An invoice line's quantity: seconds as a duration, anything else as `<n> <unit>`. */
export function formatQuantity(quantity: number, unit: string): string {
  if (unit === 'second') return formatDuration(quantity);
  const n = Number.isInteger(quantity) ? String(quantity) : quantity.toFixed(2);
  return unit ? `${n} ${unit}` : n;
}

export const INVOICE_STATUS_COLOR: Record<string, string> = {
  draft: 'gray',
  open: 'orange',
  paid: 'teal',
  void: 'dark',
  uncollectible: 'red',
};

export const SUBSCRIPTION_STATUS_COLOR: Record<string, string> = {
  incomplete: 'gray',
  active: 'teal',
  past_due: 'orange',
  unpaid: 'red',
  canceled: 'dark',
};

/** `past_due` → `past due`. */
export const statusLabel = (status: string) => status.replaceAll('_', ' ');

/** `subscription` → `Subscription`. */
export const kindLabel = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);

/** A card as people read it: `Visa •••• 4242`. */
export function cardLabel(card: { brand: string; last4: string }): string {
  const brand = card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${brand} •••• ${card.last4}`;
}

/** `12/2028`. */
export const formatExpiry = (month: number, year: number) => `${String(month).padStart(2, '0')}/${year}`;

/** What an annual plan costs per month, and what it saves over twelve monthly payments. */
export function annualTerms(monthly: number, annual: number) {
  const perMonth = Math.round((annual / 12) * 100) / 100;
  const saving = Math.round((monthly * 12 - annual) * 100) / 100;
  const savingPercent = monthly > 0 ? Math.round((saving / (monthly * 12)) * 100) : 0;
  return { perMonth, saving, savingPercent };
}

export function parsePaidPlan(value: string | null): 'pro' | 'enterprise' | null {
  return value === 'pro' || value === 'enterprise' ? value : null;
}

export function parseInterval(value: string | null): Interval | null {
  return value === 'month' || value === 'year' ? value : null;
}
