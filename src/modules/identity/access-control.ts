import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/app-error.js';
import type { Principal } from './access-token.service.js';
import { ROLES, type Role } from './identity.tables.js';

/**
 * What a route needs, declared in its definition as `config: { auth: … }`:
 * - `'public'`: anyone; the request is not authenticated (`request.principal` stays null);
 * - `'optional'`: anyone, but a credential that is sent must be valid (401 otherwise) and sets
 *   `request.principal` (e.g. the catalog shows a signed-in user their plan's price);
 * - `'authenticated'` (the default — a route that declares nothing is closed): any valid credential;
 * - `{ roles: [...] }`: a valid credential whose role is listed (403 otherwise).
 */
export type AuthRequirement = 'public' | 'optional' | 'authenticated' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access gate on every non-public route; null on public routes. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
}

export interface AccessControlDeps {
  /** Verifies a bearer credential (an access token or a `gpb_` API key); null when invalid. */
  verify(credential: string): Promise<Principal | null>;
}

function checkRequirement(value: unknown, route: string): void {
  if (value === undefined || value === 'public' || value === 'optional' || value === 'authenticated') return;
  const roles = (value as { roles?: unknown }).roles;
  if (
    Array.isArray(roles) &&
    roles.length > 0 &&
    roles.every((r) => ROLES.includes(r)) &&
    Object.keys(value as object).length === 1
  )
    return;
  throw new Error(
    `route ${route}: config.auth must be 'public', 'optional', 'authenticated' or { roles: [known roles] }`,
  );
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/**
 * Installs the access gate on `scope` (the `/api/v2` scope): every route registered in it,
 * including routes of plugins registered later, is authenticated and authorised before its
 * handler runs. A malformed `config.auth` fails at boot, not at request time.
 */
export function registerAccessControl(scope: FastifyInstance, deps: AccessControlDeps): void {
  scope.decorateRequest('principal', null);
  scope.addHook('onRoute', (route) => {
    checkRequirement((route.config as { auth?: unknown } | undefined)?.auth, `${route.method} ${route.url}`);
  });
  scope.addHook('onRequest', async (request, reply) => {
    const requirement = request.routeOptions.config.auth ?? 'authenticated';
    if (requirement === 'public') return;
    const credential = bearer(request);
    if (requirement === 'optional' && !credential) return;
    const principal = credential ? await deps.verify(credential) : null;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('unauthorized', {
        detail: credential
          ? 'The credential is invalid, expired or revoked.'
          : 'This route needs a bearer token.',
      });
    }
    if (typeof requirement === 'object' && !requirement.roles.includes(principal.role))
      throw new AppError('forbidden', { detail: 'Your role does not allow this operation.' });
    request.principal = principal;
  });
}

/** The principal of an authenticated request; throws `unauthorized` on a public route. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized');
  return request.principal;
}
