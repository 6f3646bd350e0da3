/** A date for tables and profile lines, in the reader's locale ("28 Nov 2026"). */
export function formatDate(iso: string | null | undefined, empty = 'Never'): string {
  if (!iso) return empty;
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
