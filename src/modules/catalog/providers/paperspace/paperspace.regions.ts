/** Paperspace region names carry a site code in parentheses: `East Coast (NY2)`, `Europe (AMS1)`. */
const COUNTRY_BY_SITE: Record<string, string> = { NY2: 'US', CA1: 'US', AMS1: 'NL' };

/** ISO country of a Paperspace region name, null when the site is not one of the public ones. */
export function paperspaceCountryOf(region: string): string | null {
  const site = /\(([A-Z0-9]+)\)\s*$/.exec(region.trim())?.[1];
  return site ? (COUNTRY_BY_SITE[site] ?? null) : null;
}
