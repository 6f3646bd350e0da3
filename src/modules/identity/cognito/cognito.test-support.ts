import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-cognito-identity-provider';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { createMemoryCache } from '../../../platform/cache/index.js';
import { createManualClock, type ManualClock } from '../../../platform/clock/clock.js';
import { createIdGenerator } from '../../../platform/ids/ids.js';
import { type AuthEventRow, createAuthEventsRepo } from '../auth-events.repo.js';
import { authEvents as authEventsTable } from '../identity.tables.js';
import type { IdentityProvider } from '../identity-provider.js';
import { createUsersRepo, type NewUser, type UserRow, type UsersRepo } from '../users.repo.js';
import { createCognitoIdentityProvider } from './cognito.provider.js';
import { type CognitoAccessVerifier, cognitoIssuer, createCognitoAccessVerifier } from './cognito.tokens.js';
import { type CognitoLinksRepo, createCognitoLinksRepo } from './cognito-links.repo.js';

// Test support (not loaded by the app): a user pool's signing key generated locally and served
// as the pool's JWKS to aws-jwt-verify through a custom fetcher, so no request leaves the process.
export const POOL_ID = 'eu-west-1_TestPool1';
export const CLIENT_ID = 'client123';
export const ISSUER = cognitoIssuer(POOL_ID);
export const KID = 'pool-key-1';

export interface AccessTokenClaims {
  sub: string;
  username?: string;
  groups?: string[];
  clientId?: string;
  tokenUse?: string;
  issuer?: string;
  kid?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Seconds since the epoch of the sign-in. */
  authTime?: number;
}

export interface TestPool {
  verifier: CognitoAccessVerifier;
  /** URIs the verifier fetched the JWKS from. */
  fetched: string[];
  accessToken(claims: AccessTokenClaims): Promise<string>;
  /** Signed by a key that is not in the pool's JWKS, under `kid`. */
  foreignToken(claims: AccessTokenClaims): Promise<string>;
}

export async function createTestPool(): Promise<TestPool> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] };
  const fetched: string[] = [];
  const jwksCache = new SimpleJwksCache({
    fetcher: {
      async fetch(uri) {
        fetched.push(uri);
        return new TextEncoder().encode(JSON.stringify(jwks)).buffer as ArrayBuffer;
      },
    },
  });
  const verifier = createCognitoAccessVerifier({ userPoolId: POOL_ID, clientId: CLIENT_ID, jwksCache });

  async function sign(key: CryptoKey, c: AccessTokenClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      token_use: c.tokenUse ?? 'access',
      client_id: c.clientId ?? CLIENT_ID,
      username: c.username ?? c.sub,
      auth_time: c.authTime ?? now,
      scope: 'aws.cognito.signin.user.admin',
      ...(c.groups ? { 'cognito:groups': c.groups } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: c.kid ?? KID })
      .setSubject(c.sub)
      .setIssuer(c.issuer ?? ISSUER)
      .setIssuedAt(now - 10)
      .setExpirationTime(now + (c.expiresIn ?? 3600))
      .setJti(crypto.randomUUID())
      .sign(key);
  }

  return {
    verifier,
    fetched,
    accessToken: (c) => sign(pair.privateKey, c),
    foreignToken: (c) => sign(foreign.privateKey, c),
  };
}

export interface Harness {
  database: TestDatabase;
  cognito: AwsStub<ServiceInputTypes, ServiceOutputTypes, CognitoIdentityProviderClientResolvedConfig>;
  pool: TestPool;
  provider: IdentityProvider;
  users: UsersRepo;
  links: CognitoLinksRepo;
  clock: ManualClock;
  events(type?: string): Promise<AuthEventRow[]>;
  /** A local user linked to pool user `sub`, as registration leaves it (then confirmed). */
  seedUser(sub: string, email: string, patch?: Partial<NewUser>): Promise<UserRow>;
  close(): Promise<void>;
}

/** The adapter over a migrated PGlite database, a mocked SDK client and the test pool. */
export async function createHarness(opts: { clientSecret?: string } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const pool = await createTestPool();
  const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
  const cognito = mockClient(client);
  const clock = createManualClock(Date.now());
  const ids = createIdGenerator(() => clock.nowMs());
  const users = createUsersRepo(database.db);
  const links = createCognitoLinksRepo(database.db);
  const authEvents = createAuthEventsRepo(database.db, { ids, now: () => clock.now() });
  const provider = createCognitoIdentityProvider({
    client,
    userPoolId: POOL_ID,
    clientId: CLIENT_ID,
    clientSecret: opts.clientSecret,
    verifier: pool.verifier,
    database,
    users,
    authEvents,
    cache: createMemoryCache({ clock }),
    ids,
    clock,
  });
  return {
    database,
    cognito,
    pool,
    provider,
    users,
    links,
    clock,
    async events(type) {
      const rows = await database.db.select().from(authEventsTable).orderBy(authEventsTable.id);
      return type ? rows.filter((r) => r.type === type) : rows;
    },
    async seedUser(sub, email, patch = {}) {
      const now = clock.now();
      const inserted = await users.insert({
        id: ids.newId('user'),
        email,
        name: 'Seeded',
        status: 'active',
        createdAt: now,
        updatedAt: now,
        ...patch,
      });
      if (!inserted.ok) throw new Error('seed user exists');
      await links.link({ sub, userId: inserted.user.id, email, now });
      return inserted.user;
    },
    async close() {
      cognito.restore();
      await database.destroy();
    },
  };
}
