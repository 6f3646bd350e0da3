export { type AccessControlDeps, type AuthRequirement, principalOf } from './access-control.js';
export type { AccessTokens, Principal } from './access-token.service.js';
export type { Plan, Role, UserStatus } from './identity.tables.js';
export { PLANS, ROLES } from './identity.tables.js';
export type { IdentityModule, IdentityWiring } from './identity.wire.js';
export type { LoginLimits } from './login.service.js';
/** The argon2id hasher with our parameters (the bench's baseline measures it alone). */
export { createPasswordHasher } from './password.js';
/** Single-use links (e-mail verification here, pod activation in pods): 256-bit token, SHA-256 at rest. */
export { hashToken, newOpaqueToken } from './secure-token.js';

import { type IdentityModule, type IdentityWiring, wireIdentity } from './identity.wire.js';

/**
 * The identity module (built-in provider): accounts, access and refresh tokens, the JWKS and
 * the access gate every `/api/v2` route passes. Routes declare what they need with
 * `config: { auth: 'public' | 'authenticated' | { roles: [...] } }`; a route that declares
 * nothing needs a valid credential. Handlers read the caller with `principalOf(request)`.
 */
export function createIdentityModule(deps: IdentityWiring): IdentityModule {
  return wireIdentity(deps);
}
