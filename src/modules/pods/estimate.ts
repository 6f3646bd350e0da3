/** Hours in a billing month and a day, as providers quote them (730 h = 8,760 h / 12). */
export const HOURS_PER_MONTH = 730;
export const HOURS_PER_DAY = 24;

export interface CostInputs {
  /** The provider's price for the whole offer, micro-dollars per hour. */
  providerPerHourMicros: number;
  /** The caller's plan markup, percent. */
  markupPercent: number;
  storageGb: number;
  /** `pods.storage_usd_per_gb_month`. */
  storageUsdPerGbMonth: number;
}

export interface CostBreakdownMicros {
  provider: number;
  markup: number;
  storage: number;
  total: number;
}

/**
 * Per-hour cost in micro-dollars: the provider price, the plan markup on it, and the storage
 * (GB-month price spread over 730 hours). Rounded once per component, so the parts add up.
 */
export function hourlyCostMicros(input: CostInputs): CostBreakdownMicros {
  const provider = Math.round(input.providerPerHourMicros);
  const markup = Math.round((provider * input.markupPercent) / 100);
  const storage = Math.round((input.storageGb * input.storageUsdPerGbMonth * 1e6) / HOURS_PER_MONTH);
  return { provider, markup, storage, total: provider + markup + storage };
}

const usd = (micros: number) => Math.round(micros / 100) / 10_000;

/** The estimate API.md gives: per hour, day and month, with the hourly breakdown. */
export function estimateView(cost: CostBreakdownMicros) {
  return {
    per_hour: usd(cost.total),
    per_day: usd(cost.total * HOURS_PER_DAY),
    per_month: usd(cost.total * HOURS_PER_MONTH),
    currency: 'USD' as const,
    breakdown: {
      provider: usd(cost.provider),
      markup: usd(cost.markup),
      storage: usd(cost.storage),
    },
  };
}
