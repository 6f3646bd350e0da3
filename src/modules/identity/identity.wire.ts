import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Cache } from '../../platform/cache/index.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { Database } from '../../platform/db/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import { registerAccessControl } from './access-control.js';
import { type AccessTokens, createAccessTokens, type Principal } from './access-token.service.js';
import { createAccountService } from './account.service.js';
import { adminUserRoutes } from './admin-users.routes.js';
import { createAdminUsersService } from './admin-users.service.js';
import { createApiKeysRepo } from './api-keys.repo.js';
import { apiKeyRoutes } from './api-keys.routes.js';
import { API_KEY_PREFIX, createApiKeysService } from './api-keys.service.js';
import { createAuthEventsRepo } from './auth-events.repo.js';
import { authEventRoutes } from './auth-events.routes.js';
import { bootstrapAdmin } from './bootstrap-admin.service.js';
import { createBuiltinIdentityProvider } from './builtin.provider.js';
import {
  type CognitoAccessVerifier,
  createCognitoIdentityProvider,
  regionOfUserPool,
} from './cognito/index.js';
import { identityRoutes, jwksRoutes } from './identity.routes.js';
import type { Plan, Role } from './identity.tables.js';
import type { IdentityProvider } from './identity-provider.js';
import { scheduleKeyRotation } from './key-rotation.service.js';
import { createLoginService, type LoginLimits } from './login.service.js';
import { createMfaService } from './mfa.service.js';
import { createBackupCodesRepo } from './mfa-backup-codes.repo.js';
import { createOAuthIdentitiesRepo } from './oauth.repo.js';
import { oauthRoutes } from './oauth.routes.js';
import { createOAuthService } from './oauth.service.js';
import { type OAuthConfig, oauthClients } from './oauth-clients.js';
import { createPasswordHasher } from './password.js';
import { createRegisterService, type RegisterLimits } from './register.service.js';
import { createSessionService } from './session.service.js';
import { createSessionCutoff } from './session-cutoff.js';
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
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** See `RegisterDeps.autoConfirm`. */
  autoConfirm: () => boolean;
  /** See `RegisterDeps.registrationOpen`. */
  registrationOpen?: () => boolean;
  /** Absolute base URL of the web app, for links in e-mails. */
  appBaseUrl: string;
  /** `GPUBROKER_ADMIN_EMAIL` / `GPUBROKER_ADMIN_PASSWORD` (config `bootstrapAdmin`). */
  bootstrapAdmin: { email: string; password: string } | null;
  loginLimits?: LoginLimits;
  registerLimits?: RegisterLimits;
  /** Google / GitHub login (`config.oauth`); providers left out are not offered. */
  oauth?: OAuthConfig;
  /** Durable jobs: signing-key rotation runs here (absent in unit wiring: no schedule). */
  jobs?: Pick<JobQueue, 'work' | 'schedule'>;
  /**
   * Set (`COGNITO_USER_POOL_ID`): accounts live in the Cognito user pool instead of our database.
   * `client` / `verifier` replace the SDK client and the pool-JWKS verifier (tests).
   */
  cognito?: {
    userPoolId: string;
    clientId: string;
    clientSecret?: string | undefined;
    client?: CognitoIdentityProviderClient;
    verifier?: CognitoAccessVerifier;
  } | null;
}

export interface IdentityModule {
  accessTokens: AccessTokens;
  provider: IdentityProvider;
  /** `/auth/*`, `/me`, `/api-keys` and `/admin/auth-events`, for the `/api/v2` scope. */
  routes: FastifyPluginAsync;
  /** `/.well-known/jwks.json`, for the root scope. */
  rootRoutes: FastifyPluginAsync;
  /**
   * The principal of a bearer credential (access token or `gpb_` API key), or null when it is
   * invalid, expired, revoked or cut off. What the access gate uses, for callers outside HTTP
   * (the WebSocket gateway).
   */
  verifyCredential(credential: string): Promise<Principal | null>;
  /** Installs the access gate on the `/api/v2` scope, before any module registers routes there. */
  accessControl(scope: FastifyInstance): void;
  /** Boot work before the server listens: creates the bootstrap pod_admin when configured. */
  start(): Promise<void>;
  /** The e-mail address of a user (audit rows of other modules name people, not ids). */
  emailOf(userId: string): Promise<string | null>;
  /** Whom to mail about a user's resources (pods): address and name; null for an unknown user. */
  contactOf(userId: string): Promise<{ email: string; name: string } | null>;
  /** The plan billing granted the user, or null for an unknown user. */
  planOf(userId: string): Promise<Plan | null>;
  /**
   * Billing granted (or took back) a plan: the plan and the plan role change together (a pod_admin
   * stays pod_admin), the change is in the auth log, and tokens already out stop carrying the old plan.
   */
  setPlan(userId: string, plan: Plan, detail: Record<string, unknown>): Promise<void>;
}

/** Builds the identity module (built-in provider) from platform adapters. */
export function wireIdentity(deps: IdentityWiring): IdentityModule {
  const { database, clock, ids } = deps;
  const db = database.db;
  const users = createUsersRepo(db);
  const authEvents = createAuthEventsRepo(db, { ids, now: () => clock.now() });
  const passwords = createPasswordHasher();
  const signingKeys = createSigningKeysRepo(db);
  const accessTokens = createAccessTokens({ keys: signingKeys, secrets: deps.secrets, clock });
  const sessionsRepo = createSessionsRepo(db);
  const sessions = createSessionService({
    database,
    sessions: sessionsRepo,
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
    ...(deps.registrationOpen ? { registrationOpen: deps.registrationOpen } : {}),
    appBaseUrl: deps.appBaseUrl,
    cache: deps.cache,
    ...(deps.registerLimits ? { limits: deps.registerLimits } : {}),
  });
  const mfa = createMfaService({
    database,
    users,
    backupCodes: createBackupCodesRepo(db),
    authEvents,
    secrets: deps.secrets,
    cache: deps.cache,
    clock,
  });
  const cutoff = createSessionCutoff({ cache: deps.cache, clock });
  const account = createAccountService({
    database,
    users,
    sessions: sessionsRepo,
    sessionService: sessions,
    passwords,
    authEvents,
    cutoff,
    clock,
  });
  const adminUsers = createAdminUsersService({
    database,
    users,
    sessions: sessionsRepo,
    authEvents,
    cutoff,
    clock,
  });
  const apiKeys = createApiKeysService({ database, keys: createApiKeysRepo(db), authEvents, ids, clock });
  const login = createLoginService({
    users,
    passwords,
    sessions,
    authEvents,
    cache: deps.cache,
    mfa,
    ...(deps.loginLimits ? { limits: deps.loginLimits } : {}),
  });
  const cognito = deps.cognito;
  const provider = cognito
    ? createCognitoIdentityProvider({
        // The pool's own region: it may differ from AWS_REGION (the rest of the platform's).
        client:
          cognito.client ??
          new CognitoIdentityProviderClient({ region: regionOfUserPool(cognito.userPoolId) }),
        userPoolId: cognito.userPoolId,
        clientId: cognito.clientId,
        clientSecret: cognito.clientSecret,
        ...(cognito.verifier ? { verifier: cognito.verifier } : {}),
        database,
        users,
        authEvents,
        cache: deps.cache,
        ids,
        clock,
      })
    : createBuiltinIdentityProvider({ register, login, sessions, accessTokens, mfa });
  const oauth = createOAuthService({
    clients: oauthClients(deps.oauth),
    database,
    users,
    identities: createOAuthIdentitiesRepo(db),
    sessions,
    authEvents,
    cache: deps.cache,
    ids,
    clock,
    mfa,
    logger: deps.logger,
    publicUrl: deps.appBaseUrl,
  });

  /** A bearer credential: an API key, or an access token not cut off by a later plan change or logout. */
  async function verifyCredential(credential: string): Promise<Principal | null> {
    if (credential.startsWith(API_KEY_PREFIX)) return apiKeys.verify(credential);
    const principal = await provider.verifyAccessToken(credential);
    return principal && !(await cutoff.isCutOff(principal)) ? principal : null;
  }

  return {
    accessTokens,
    provider,
    async routes(scope) {
      // With Cognito, passwords and backup codes are the pool's; profile edits stay local-only
      // otherwise, so those routes exist with the built-in provider only.
      await scope.register(identityRoutes(cognito ? { provider, users } : { provider, users, account, mfa }));
      await scope.register(apiKeyRoutes({ apiKeys }));
      await scope.register(authEventRoutes({ authEvents }));
      await scope.register(adminUserRoutes({ users, adminUsers }));
      // Our OAuth logins issue our own tokens; with Cognito, federate Google/GitHub in the pool.
      if (!cognito) await scope.register(oauthRoutes({ oauth, publicUrl: deps.appBaseUrl }));
    },
    rootRoutes: jwksRoutes({ accessTokens }),
    emailOf: async (userId) => (await users.byId(userId))?.email ?? null,
    async contactOf(userId) {
      const user = await users.byId(userId);
      return user ? { email: user.email, name: user.name } : null;
    },
    planOf: async (userId) => (await users.byId(userId))?.plan ?? null,
    async setPlan(userId, plan, detail) {
      const changed = await database.transaction(async (tx) => {
        const user = await users.byId(userId, tx);
        if (!user || user.plan === plan) return false;
        const role: Role = user.role === 'pod_admin' ? 'pod_admin' : plan === 'free' ? 'user' : plan;
        // A paid plan granted answers the sign-up's request; FREE leaves a pending request alone.
        const requested = plan === 'free' ? {} : { requestedPlan: null };
        await users.update(userId, { plan, role, ...requested, updatedAt: clock.now() }, tx);
        await authEvents.record(
          { type: 'plan_changed', userId, detail: { from: user.plan, to: plan, role, ...detail } },
          tx,
        );
        return true;
      });
      if (changed) await cutoff.cutOff(userId);
    },
    verifyCredential,
    accessControl: (scope) => registerAccessControl(scope, { verify: verifyCredential }),
    async start() {
      if (deps.jobs)
        await scheduleKeyRotation(deps.jobs, { keys: signingKeys, accessTokens, clock }, deps.logger);
      if (!deps.bootstrapAdmin) return;
      if (cognito) {
        deps.logger.info(
          { user_pool_id: cognito.userPoolId },
          'GPUBROKER_ADMIN_EMAIL ignored with Cognito: add the user to the pool group "pod_admin"',
        );
        return;
      }
      await bootstrapAdmin(
        { database, users, authEvents, passwords, ids, clock, logger: deps.logger },
        deps.bootstrapAdmin,
      );
    },
  };
}
