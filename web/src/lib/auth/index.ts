export { type AuthContextValue, AuthProvider, type LoginInput, useAuth } from './auth.provider';
export type { AuthSnapshot, AuthStatus, TokenPair, User } from './auth.types';
export { RequireAuth } from './require-auth';
export { loginPathFor, safeNext } from './safe-next';
/** A new token pair now (e.g. after a plan change, which ends the tokens issued before it). */
export { refresh as refreshSession } from './session.store';
