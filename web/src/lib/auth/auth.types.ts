import type { paths } from '../../api/schema.gen';

/** The signed-in user as `GET /me` returns it. */
export type User = paths['/api/v2/me']['get']['responses'][200]['content']['application/json'];

/** What login, refresh, password change and the OAuth exchange answer. */
export type TokenPair = paths['/api/v2/auth/login']['post']['responses'][200]['content']['application/json'];

export type AuthStatus = 'loading' | 'authenticated' | 'anonymous';

export interface AuthSnapshot {
  status: AuthStatus;
  user: User | null;
}
