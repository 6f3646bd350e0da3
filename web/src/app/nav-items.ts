/** The console's top-level destinations, in header order. */
export interface NavItem {
  to: string;
  label: string;
  /** Active only on an exact match (the home route would otherwise match everything). */
  end?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Home', end: true },
  { to: '/browse', label: 'Browse' },
  { to: '/plans', label: 'Plans' },
  { to: '/status', label: 'Status' },
];
