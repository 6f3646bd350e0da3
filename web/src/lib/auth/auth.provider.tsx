import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
} from 'react';
import { api, unwrap } from '../../api/client';
import { authMiddleware } from './auth.middleware';
import type { AuthStatus, TokenPair, User } from './auth.types';
import * as session from './session.store';

// Once per page load, before any request: every call through `api` carries the session's token.
api.use(authMiddleware);

export interface LoginInput {
  email: string;
  password: string;
  /** A 6-digit TOTP code or a backup code, on the second step when the account has MFA. */
  totp_code?: string;
}

export interface AuthContextValue {
  status: AuthStatus;
  /** Null unless `status` is `authenticated`. */
  user: User | null;
  /** Logs in; throws the `ApiProblem` (e.g. code `mfa_required`) when the server refuses. */
  login(input: LoginInput): Promise<User>;
  /** Starts a session from a pair obtained elsewhere (OAuth exchange, password change). */
  signIn(pair: TokenPair): void;
  setUser(user: User): void;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Holds the session for the whole app; resumes it from the stored refresh token on load. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);

  useEffect(() => session.startSession(), []);

  // Whatever was cached for the account belongs to whoever was signed in (also after another tab logged out).
  useEffect(() => {
    if (snapshot.status === 'anonymous') queryClient.removeQueries({ queryKey: ['account'] });
  }, [snapshot.status, queryClient]);

  const login = useCallback(async (input: LoginInput) => {
    const pair = await unwrap(api.POST('/api/v2/auth/login', { body: input }));
    session.signIn(pair);
    return pair.user;
  }, []);

  const logout = useCallback(() => session.signOut(), []);

  const value = useMemo<AuthContextValue>(
    () => ({
      status: snapshot.status,
      user: snapshot.user,
      login,
      signIn: session.signIn,
      setUser: session.setUser,
      logout,
    }),
    [snapshot, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session: who is signed in (if anyone) and the actions that change it. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an <AuthProvider> above it');
  return value;
}
