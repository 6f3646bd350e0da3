import { api, isApiProblem, unwrap } from '../../api/client';
import type { AuthSnapshot, TokenPair, User } from './auth.types';

/*
 * Where the tokens live, and why.
 *
 * The access token (15 minutes) is kept in memory only: script on our origin can read it while the
 * tab is open, but it is never persisted, so it cannot be lifted from disk or from another tab.
 * The refresh token is kept in localStorage so a reload or a new tab stays signed in. That is the
 * trade-off: any script running on our origin (an XSS) could read it. The CSP (`script-src 'self'`,
 * no inline script) is what guards against that; the server narrows the damage by spending every
 * refresh token on use and revoking the whole family when a spent one comes back. An httpOnly
 * cookie would hide it from script, but the API is bearer-only (no cookies, no CSRF surface) and
 * the same endpoints serve CLI and API clients, so we accept localStorage here.
 */
const REFRESH_TOKEN_KEY = 'gpubroker.refresh_token';

/** Refresh this long before the access token expires, so requests never carry a stale one. */
const REFRESH_AHEAD_MS = 60_000;
/** Never schedule refreshes closer together than this, whatever `expires_in` says. */
const MIN_REFRESH_DELAY_MS = 5_000;
/** Web Locks name: one tab at a time spends the shared refresh token. */
const REFRESH_LOCK = 'gpubroker-refresh';

function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeRefreshToken(token: string | null) {
  try {
    if (token === null) localStorage.removeItem(REFRESH_TOKEN_KEY);
    else localStorage.setItem(REFRESH_TOKEN_KEY, token);
  } catch {
    // Storage disabled (private mode, quota): the session lasts as long as the tab.
  }
}

let snapshot: AuthSnapshot = { status: readRefreshToken() ? 'loading' : 'anonymous', user: null };
let access: { token: string; expiresAtMs: number } | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<boolean> | null = null;
let started = false;
const listeners = new Set<() => void>();

function publish(next: AuthSnapshot) {
  snapshot = next;
  for (const listener of listeners) listener();
}

function applyPair(pair: TokenPair) {
  access = { token: pair.access_token, expiresAtMs: Date.now() + pair.expires_in * 1000 };
  writeRefreshToken(pair.refresh_token);
  clearTimeout(refreshTimer);
  const delay = Math.max(MIN_REFRESH_DELAY_MS, pair.expires_in * 1000 - REFRESH_AHEAD_MS);
  refreshTimer = setTimeout(() => void refresh(), delay);
  publish({ status: 'authenticated', user: pair.user });
}

function clearLocal() {
  access = null;
  clearTimeout(refreshTimer);
  writeRefreshToken(null);
  publish({ status: 'anonymous', user: null });
}

async function spendRefreshToken(retried = false): Promise<boolean> {
  // Read inside the lock: another tab may have just rotated it, and the one it left is the live one.
  const token = readRefreshToken();
  if (!token) {
    if (snapshot.status !== 'anonymous') clearLocal();
    return false;
  }
  try {
    applyPair(await unwrap(api.POST('/api/v2/auth/refresh', { body: { refresh_token: token } })));
    return true;
  } catch (err) {
    if (isApiProblem(err) && err.status === 401) {
      // Rotated by another tab while ours was on the wire (browsers without Web Locks): try the new one.
      const stored = readRefreshToken();
      if (!retried && stored !== null && stored !== token) return spendRefreshToken(true);
      // Spent, expired or revoked (logged out elsewhere, password changed): the session is over.
      clearLocal();
      return false;
    }
    // Network or server trouble: keep the refresh token for the next try.
    if (!access) publish({ status: 'anonymous', user: null });
    return false;
  }
}

/**
 * Exchanges the stored refresh token for a new pair. Single-flight within the tab (parallel 401s
 * share one refresh) and, where the browser has Web Locks, across tabs: two tabs spending the same
 * token would look like token theft to the server, which then revokes the whole session family.
 */
export function refresh(): Promise<boolean> {
  if (inflight) return inflight;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const flight = locks
    ? // The lock is held until the returned promise settles, i.e. until the new pair is stored.
      new Promise<boolean>((resolve, reject) => {
        locks.request(REFRESH_LOCK, () => spendRefreshToken().then(resolve, reject)).catch(reject);
      })
    : spendRefreshToken();
  inflight = flight.finally(() => {
    inflight = null;
  });
  return inflight;
}

/** The current access token, or null when signed out. */
export function accessToken(): string | null {
  return access?.token ?? null;
}

/**
 * An access token good for the next request: waits for a refresh in flight and refreshes first when
 * the token is about to expire (a timer in a background tab may have fired late).
 */
export async function freshAccessToken(): Promise<string | null> {
  startSession();
  if (inflight) await inflight;
  if (access && access.expiresAtMs - Date.now() < MIN_REFRESH_DELAY_MS && readRefreshToken()) {
    await refresh();
  }
  return access?.token ?? null;
}

/** Starts the session once per page load: resumes from the stored refresh token, follows other tabs. */
export function startSession() {
  if (started) return;
  started = true;
  if (readRefreshToken()) void refresh();
  window.addEventListener('storage', (event) => {
    if (event.key !== REFRESH_TOKEN_KEY) return;
    if (event.newValue === null && snapshot.status === 'authenticated') {
      // Another tab logged out (or its session was ended): follow it.
      access = null;
      clearTimeout(refreshTimer);
      publish({ status: 'anonymous', user: null });
    } else if (event.newValue !== null && snapshot.status === 'anonymous') {
      // Another tab logged in: join its session.
      void refresh();
    }
  });
}

/** Starts a session from a token pair (login, OAuth exchange, password change). */
export function signIn(pair: TokenPair) {
  applyPair(pair);
}

/** Replaces the user after a change to it (name, MFA). */
export function setUser(user: User) {
  if (snapshot.status === 'authenticated') publish({ status: 'authenticated', user });
}

/** Ends the session here and, best effort, on the server. */
export async function signOut(): Promise<void> {
  const token = readRefreshToken();
  clearLocal();
  if (!token) return;
  try {
    await api.POST('/api/v2/auth/logout', { body: { refresh_token: token } });
  } catch {
    // Unreachable server: the refresh token is forgotten here and expires on its own there.
  }
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSnapshot(): AuthSnapshot {
  return snapshot;
}
