import {
  type CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Cache } from '../../../platform/cache/index.js';
import type { Clock } from '../../../platform/clock/clock.js';
import type { Database } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { IdGenerator } from '../../../platform/ids/ids.js';
import type { AuthEventsRepo } from '../auth-events.repo.js';
import type { RequestContext } from '../secure-token.js';
import type { UsersRepo } from '../users.repo.js';
import { type CognitoAccessVerifier, secretHash } from './cognito.tokens.js';
import type { CognitoLinksRepo } from './cognito-links.repo.js';

export interface CognitoProviderDeps {
  /** The SDK client of the pool's region (tests pass one mocked with aws-sdk-client-mock). */
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  /** App client with USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH enabled. */
  clientId: string;
  /** Set when the app client has a secret: every call then carries SECRET_HASH. */
  clientSecret?: string | undefined;
  /** Defaults to aws-jwt-verify on the pool's published JWKS. */
  verifier?: CognitoAccessVerifier;
  database: Pick<Database, 'transaction' | 'db'>;
  users: Pick<UsersRepo, 'insert' | 'byId' | 'byEmail' | 'confirm' | 'enableMfa' | 'disableMfa'>;
  authEvents: Pick<AuthEventsRepo, 'record'>;
  /** Holds sub → principal briefly, and pending SMS sign-ins. */
  cache: Pick<Cache, 'get' | 'set' | 'delete'>;
  ids: IdGenerator;
  clock: Clock;
  /** How long a sub → principal lookup is reused; default 30 s. */
  principalTtlMs?: number;
  /** MFA is turned off only within this long after a sign-in; default 10 min (see README). */
  mfaFreshSignInMs?: number;
}

/** What the parts of the adapter share. */
export interface CognitoShared {
  deps: CognitoProviderDeps;
  verifier: CognitoAccessVerifier;
  links: Pick<CognitoLinksRepo, 'userBySubject' | 'link' | 'touchLogin' | 'syncRole'>;
  /** `{ SECRET_HASH }` for `username` when the client has a secret, else `{}`. */
  hash(username: string): { SECRET_HASH?: string };
}

export function makeHash(deps: CognitoProviderDeps) {
  return (username: string): { SECRET_HASH?: string } =>
    deps.clientSecret ? { SECRET_HASH: secretHash(deps.clientSecret, username, deps.clientId) } : {};
}

/** The exception name of a Cognito service error, or null for anything else (network, bugs). */
export function cognitoError(err: unknown): string | null {
  return err instanceof CognitoIdentityProviderServiceException ? err.name : null;
}

export const RATE_LIMITED_ERRORS = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'TooManyFailedAttemptsException',
]);

export function rateLimited(cause: unknown): AppError {
  return new AppError('rate_limited', {
    detail: 'Too many attempts; try again later.',
    retryAfterSeconds: 60,
    cause,
  });
}

/** The audit-log fields of a request context (never the access token it may carry). */
export function origin(ctx: RequestContext): { ip: string | null; userAgent: string | null } {
  return { ip: ctx.ip, userAgent: ctx.userAgent };
}
