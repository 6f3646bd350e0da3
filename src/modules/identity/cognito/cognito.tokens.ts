import { createHmac } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import type { Role } from '../identity.tables.js';

/**
 * `SECRET_HASH` of an app client with a secret: Base64(HMAC-SHA256(key = client secret,
 * message = username + client id)). `username` is the one the call names (e-mail at sign-up and
 * sign-in, the pool's internal user name on refresh).
 */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId, 'utf8')
    .digest('base64');
}

/** `us-east-1_AbC123` → `us-east-1`. */
export function regionOfUserPool(userPoolId: string): string {
  const region = userPoolId.split('_')[0];
  if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new Error('not a Cognito user pool id (expected <region>_<id>)');
  return region;
}

/** The `iss` of the pool's tokens. */
export function cognitoIssuer(userPoolId: string): string {
  return `https://cognito-idp.${regionOfUserPool(userPoolId)}.amazonaws.com/${userPoolId}`;
}

/**
 * The e-mail confirmation token of the Cognito adapter: `base64url(e-mail) + '.' + code`.
 * Cognito confirms with (username, code) while our verify-email page carries one token, so the
 * pool's custom message (or our landing page) builds the link as
 * `<app>/verify-email?token=<base64url(email)>.<code>`.
 */
export function encodeVerificationToken(email: string, code: string): string {
  return `${Buffer.from(email, 'utf8').toString('base64url')}.${code}`;
}

export function decodeVerificationToken(token: string): { email: string; code: string } | null {
  const m = /^([A-Za-z0-9_-]{2,400})\.([A-Za-z0-9]{1,64})$/.exec(token.trim());
  if (!m) return null;
  const email = Buffer.from(m[1]!, 'base64url').toString('utf8').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return null;
  return { email, code: m[2]! };
}

// Refresh tokens handed to clients are `<base64url(pool user name)>~<Cognito refresh token>`:
// REFRESH_TOKEN_AUTH needs the user name for SECRET_HASH, and the Cognito refresh token is an
// encrypted blob we cannot read it from. The name is not secret (it is in the access token) and a
// tampered one only makes Cognito refuse the hash. `~` is neither base64url nor in a JWE.
const REFRESH_SEPARATOR = '~';

export function wrapRefreshToken(username: string, cognitoRefreshToken: string): string {
  return `${Buffer.from(username, 'utf8').toString('base64url')}${REFRESH_SEPARATOR}${cognitoRefreshToken}`;
}

/** A token without the prefix is taken as a bare Cognito refresh token (no user name known). */
export function unwrapRefreshToken(token: string): { username: string | null; refreshToken: string } {
  const at = token.indexOf(REFRESH_SEPARATOR);
  if (at <= 0) return { username: null, refreshToken: token };
  const username = Buffer.from(token.slice(0, at), 'base64url').toString('utf8');
  return { username: username === '' ? null : username, refreshToken: token.slice(at + 1) };
}

/** Pool groups that grant a role, strongest first; members of none are `user`. */
const GROUP_ROLES: readonly (readonly [group: string, role: Role])[] = [
  ['pod_admin', 'pod_admin'],
  ['enterprise', 'enterprise'],
  ['pro', 'pro'],
];

/** `cognito:groups` → role: the strongest group the user is in wins. */
export function roleFromGroups(groups: unknown): Role {
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  return GROUP_ROLES.find(([group]) => list.includes(group))?.[1] ?? 'user';
}

/** What the adapter reads from a verified Cognito access token. */
export interface CognitoAccessClaims {
  sub: string;
  /** The pool's user name (a UUID when e-mail is the sign-in attribute). */
  username: string;
  role: Role;
  /** Seconds since the epoch of the sign-in that started the session. */
  authTime: number;
  /** `exp`: seconds since the epoch when the token stops verifying. */
  expiresAt?: number;
}

export interface CognitoAccessVerifier {
  /** Claims of a valid access token of this pool and app client; null for anything else. */
  verify(token: string): Promise<CognitoAccessClaims | null>;
}

/**
 * aws-jwt-verify for the pool's access tokens: RS256 with a key of the pool JWKS (`kid`), issuer of
 * the pool, `token_use` access, `client_id` our app client, not expired. `jwksCache` replaces the
 * download of `<issuer>/.well-known/jwks.json` (tests serve a locally generated key set).
 */
export function createCognitoAccessVerifier(opts: {
  userPoolId: string;
  clientId: string;
  jwksCache?: JwksCache;
}): CognitoAccessVerifier {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: opts.userPoolId, tokenUse: 'access', clientId: opts.clientId },
    opts.jwksCache ? { jwksCache: opts.jwksCache } : undefined,
  );
  return {
    async verify(token) {
      try {
        const payload = await verifier.verify(token);
        const { sub, username, auth_time: authTime, exp } = payload;
        if (typeof sub !== 'string' || sub === '' || typeof username !== 'string') return null;
        return {
          sub,
          username,
          role: roleFromGroups(payload['cognito:groups']),
          authTime: typeof authTime === 'number' ? authTime : 0,
          ...(typeof exp === 'number' ? { expiresAt: exp } : {}),
        };
      } catch {
        return null;
      }
    },
  };
}
