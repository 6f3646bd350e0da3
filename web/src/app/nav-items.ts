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
  // Signed out, it leads to the login page and back.
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/plans', label: 'Plans' },
  { to: '/status', label: 'Status' },
];
