/**
 * The `?next=` target after logging in, if it is a path of this app. Anything else (another origin,
 * `//host`, `javascript:`) falls back to `fallback`: an open redirect would let a phishing link
 * send people elsewhere straight after they typed their password.
 */
export function safeNext(next: string | null | undefined, fallback = '/account'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** `/login?next=<path>` for the page the user wanted. */
export function loginPathFor(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
