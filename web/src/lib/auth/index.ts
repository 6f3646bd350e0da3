export { type AuthContextValue, AuthProvider, type LoginInput, useAuth } from './auth.provider';
export type { AuthSnapshot, AuthStatus, TokenPair, User } from './auth.types';
export { RequireAuth } from './require-auth';
export { loginPathFor, safeNext } from './safe-next';
