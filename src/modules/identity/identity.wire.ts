import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { Database } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { Mailer } from '../../platform/mail/index.js';
import { registerAccessControl } from './access-control.js';
import { type AccessTokens, createAccessTokens } from './access-token.service.js';
import { createApiKeysRepo } from './api-keys.repo.js';
import { apiKeyRoutes } from './api-keys.routes.js';
import { API_KEY_PREFIX, createApiKeysService } from './api-keys.service.js';
import { createAuthEventsRepo } from './auth-events.repo.js';
import { authEventRoutes } from './auth-events.routes.js';
import { bootstrapAdmin } from './bootstrap-admin.service.js';
import { identityRoutes, jwksRoutes } from './identity.routes.js';
import { createLoginService, type LoginLimits } from './login.service.js';
import { createPasswordHasher } from './password.js';
import { createRegisterService } from './register.service.js';
import { createSessionService } from './session.service.js';
import { createSessionsRepo } from './sessions.repo.js';
import { createSigningKeysRepo } from './signing-keys.repo.js';
import { createUsersRepo } from './users.repo.js';

export interface IdentityWiring {
  database: Database;
  cache: Cache;
  secrets: SecretBox;
  ids: IdGenerator;
  clock: Clock;
  mailer: Pick<Mailer, 'send'>;
  logger: { info(obj: object, msg: string): void };
  /** See `RegisterDeps.autoConfirm`. */
  autoConfirm: () => boolean;
  /** Absolute base URL of the web app, for links in e-mails. */
  appBaseUrl: string;
  /** `GPUBROKER_ADMIN_EMAIL` / `GPUBROKER_ADMIN_PASSWORD` (config `bootstrapAdmin`). */
  bootstrapAdmin: { email: string; password: string } | null;
  loginLimits?: LoginLimits;
}

export interface IdentityModule {
  accessTokens: AccessTokens;
  /** `/auth/*`, `/me`, `/api-keys` and `/admin/auth-events`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
  /** `/.well-known/jwks.json`, for the root scope. */
  rootRoutes: FastifyPluginAsync;
  /** Installs the access gate on the `/api/v2` scope, before any module registers routes there. */
  accessControl(scope: FastifyInstance): void;
  /** Boot work before the server listens: creates the bootstrap pod_admin when configured. */
  start(): Promise<void>;
}

/** Builds the identity module (built-in provider) from platform adapters. */
export function wireIdentity(deps: IdentityWiring): IdentityModule {
  const { database, clock, ids } = deps;
  const db = database.db;
  const users = createUsersRepo(db);
  const authEvents = createAuthEventsRepo(db, { ids, now: () => clock.now() });
  const passwords = createPasswordHasher();
  const accessTokens = createAccessTokens({ keys: createSigningKeysRepo(db), secrets: deps.secrets, clock });
  const sessions = createSessionService({
    database,
    sessions: createSessionsRepo(db),
    users,
    authEvents,
    accessTokens,
    ids,
    clock,
  });
  const register = createRegisterService({
    database,
    users,
    authEvents,
    passwords,
    mailer: deps.mailer,
    ids,
    clock,
    autoConfirm: deps.autoConfirm,
    appBaseUrl: deps.appBaseUrl,
  });
  const apiKeys = createApiKeysService({ database, keys: createApiKeysRepo(db), authEvents, ids, clock });
  const login = createLoginService({
    users,
    passwords,
    sessions,
    authEvents,
    cache: deps.cache,
    ...(deps.loginLimits ? { limits: deps.loginLimits } : {}),
  });

  return {
    accessTokens,
    async routes(scope) {
      await scope.register(identityRoutes({ register, login, sessions, users }));
      await scope.register(apiKeyRoutes({ apiKeys }));
      await scope.register(authEventRoutes({ authEvents }));
    },
    rootRoutes: jwksRoutes({ accessTokens }),
    accessControl: (scope) =>
      registerAccessControl(scope, {
        verify: (credential) =>
          credential.startsWith(API_KEY_PREFIX)
            ? apiKeys.verify(credential)
            : accessTokens.verify(credential),
      }),
    async start() {
      if (!deps.bootstrapAdmin) return;
      await bootstrapAdmin(
        { database, users, authEvents, passwords, ids, clock, logger: deps.logger },
        deps.bootstrapAdmin,
      );
    },
  };
}
