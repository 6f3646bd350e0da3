import { randomBytes } from 'node:crypto';
import {
  base64url,
  type CryptoKey,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { createManualClock } from '../../platform/clock/clock.js';
import { createSecretBox } from '../../platform/crypto/index.js';
import { createAccessTokens } from './access-token.service.js';
import { signingKeys } from './identity.tables.js';
import { createSigningKeysRepo } from './signing-keys.repo.js';

let database: TestDatabase;
const secrets = createSecretBox({ current: randomBytes(32) });
const clock = createManualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
let tokens: ReturnType<typeof createAccessTokens>;
const alice = { userId: 'usr_01JALICE000000000000000000', role: 'pro' as const, plan: 'pro' as const };

beforeAll(async () => {
  database = await createTestDatabase();
  tokens = createAccessTokens({ keys: createSigningKeysRepo(database.db), secrets, clock });
});
afterAll(async () => {
  await database?.destroy();
});

/** Signs `claims` with the stored private key of `kid` (as an insider could), to vary one claim at a time. */
async function signWithStoredKey(
  kid: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const [row] = await database.db.select().from(signingKeys);
  const stored =
    row!.kid === kid ? row! : (await database.db.select().from(signingKeys)).find((r) => r.kid === kid)!;
  const key = await importJWK(JSON.parse(secrets.decrypt(stored.privateJwkSealed, kid)), 'RS256');
  const now = Math.floor(clock.nowMs() / 1000);
  return new SignJWT({ role: 'user', plan: 'free', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, ...header })
    .setSubject(String(claims.sub ?? alice.userId))
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .setIssuer(String(claims.iss ?? 'gpubroker'))
    .setAudience(String(claims.aud ?? 'gpubroker-api'))
    .sign(key);
}

describe('access tokens', () => {
  it('are RS256 JWTs with kid, sub, role, plan, iss, aud and a 15-minute lifetime', async () => {
    const { token, expiresInSeconds } = await tokens.issue(alice);
    expect(expiresInSeconds).toBe(900);
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(typeof header.kid).toBe('string');
    // Verified independently of the service, with only the published JWKS.
    const { payload } = await jwtVerify(token, createLocalJWKSet(await tokens.jwks()), {
      currentDate: clock.now(),
    });
    const iat = Math.floor(clock.nowMs() / 1000);
    expect(payload).toEqual({
      sub: alice.userId,
      role: 'pro',
      plan: 'pro',
      iss: 'gpubroker',
      aud: 'gpubroker-api',
      iat,
      exp: iat + 900,
    });
    expect(await tokens.verify(token)).toEqual({ ...alice, issuedAt: iat, expiresAt: iat + 900 });
  });

  it('keep the private key sealed at rest, bound to its kid, and publish only the public half', async () => {
    const rows = await database.db.select().from(signingKeys);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const jwk = JSON.parse(secrets.decrypt(row.privateJwkSealed, row.kid)) as JWK;
    expect(typeof jwk.d).toBe('string');
    expect(row.privateJwkSealed).not.toContain(jwk.d);
    expect(() => secrets.decrypt(row.privateJwkSealed, 'another-kid')).toThrow();
    const { keys } = await tokens.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', kid: row.kid, alg: 'RS256', use: 'sig', n: jwk.n, e: jwk.e });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('are shared by every instance over the same database (the key is created once)', async () => {
    const other = createAccessTokens({ keys: createSigningKeysRepo(database.db), secrets, clock });
    const { token } = await tokens.issue(alice);
    expect(await other.verify(token)).toEqual({
      ...alice,
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    const fromOther = await other.issue(alice);
    expect(decodeProtectedHeader(fromOther.token).kid).toBe(decodeProtectedHeader(token).kid);
    expect(await database.db.select().from(signingKeys)).toHaveLength(1);
  });

  it('expire after 15 minutes', async () => {
    const { token } = await tokens.issue(alice);
    clock.advanceMs(900_000 - 1_000);
    expect(await tokens.verify(token)).toEqual({
      ...alice,
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    clock.advanceMs(1_000);
    expect(await tokens.verify(token)).toBeNull();
  });
});

describe('forged or altered tokens are refused', () => {
  it('a changed payload (role raised to pod_admin) with the original signature', async () => {
    const { token } = await tokens.issue(alice);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    const forged = `${h}.${base64url.encode(JSON.stringify({ ...claims, role: 'pod_admin' }))}.${s}`;
    expect(await tokens.verify(forged)).toBeNull();
    expect(await tokens.verify(`${h}.${p}.${s}`)).toEqual({
      ...alice,
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
  });

  it('alg none, even naming a valid kid', async () => {
    const { token } = await tokens.issue(alice);
    const kid = decodeProtectedHeader(token).kid;
    const now = Math.floor(clock.nowMs() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid }));
    const payload = base64url.encode(
      JSON.stringify({
        sub: alice.userId,
        role: 'pod_admin',
        plan: 'enterprise',
        iss: 'gpubroker',
        aud: 'gpubroker-api',
        iat: now,
        exp: now + 600,
      }),
    );
    expect(await tokens.verify(`${header}.${payload}.`)).toBeNull();
  });

  it('HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const { token } = await tokens.issue(alice);
    const kid = decodeProtectedHeader(token).kid!;
    const publicJwk = (await tokens.jwks()).keys.find((k) => k.kid === kid)!;
    const pem = await exportSPKI((await importJWK(publicJwk, 'RS256', { extractable: true })) as CryptoKey);
    const now = Math.floor(clock.nowMs() / 1000);
    const forged = await new SignJWT({ role: 'pod_admin', plan: 'enterprise' })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setSubject(alice.userId)
      .setIssuer('gpubroker')
      .setAudience('gpubroker-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(pem));
    expect(await tokens.verify(forged)).toBeNull();
  });

  it('a key the platform does not know, under an unknown kid or under a known one', async () => {
    const { token } = await tokens.issue(alice);
    const knownKid = decodeProtectedHeader(token).kid!;
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(clock.nowMs() / 1000);
    const sign = (kid: string) =>
      new SignJWT({ role: 'pod_admin', plan: 'enterprise' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject(alice.userId)
        .setIssuer('gpubroker')
        .setAudience('gpubroker-api')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
    expect(await tokens.verify(await sign('attacker-kid'))).toBeNull();
    expect(await tokens.verify(await sign(knownKid))).toBeNull();
  });

  it('the platform key with a wrong issuer, audience, role or no kid', async () => {
    const { token } = await tokens.issue(alice);
    const kid = decodeProtectedHeader(token).kid!;
    expect(await tokens.verify(await signWithStoredKey(kid, {}))).toEqual({
      ...alice,
      role: 'user',
      plan: 'free',
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    expect(await tokens.verify(await signWithStoredKey(kid, { iss: 'someone-else' }))).toBeNull();
    expect(await tokens.verify(await signWithStoredKey(kid, { aud: 'another-api' }))).toBeNull();
    expect(await tokens.verify(await signWithStoredKey(kid, { role: 'superuser' }))).toBeNull();
    expect(await tokens.verify(await signWithStoredKey(kid, {}, { kid: undefined }))).toBeNull();
  });

  it('garbage', async () => {
    for (const junk of ['', 'abc', 'a.b.c', `${'x'.repeat(40)}.${'y'.repeat(40)}.${'z'.repeat(40)}`])
      expect(await tokens.verify(junk)).toBeNull();
  });
});

describe('key rotation', () => {
  it('signs with the new key at once, keeps verifying the old one until it is retired', async () => {
    const before = await tokens.issue(alice);
    const oldKid = decodeProtectedHeader(before.token).kid!;
    const newKid = await tokens.rotate();
    expect(newKid).not.toBe(oldKid);
    const after = await tokens.issue(alice);
    expect(decodeProtectedHeader(after.token).kid).toBe(newKid);
    expect(await tokens.verify(before.token)).toEqual({
      ...alice,
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    expect((await tokens.jwks()).keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());

    expect(await tokens.retire(oldKid)).toBe(true);
    expect(await tokens.verify(before.token)).toBeNull();
    expect(await tokens.verify(after.token)).toEqual({
      ...alice,
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    expect((await tokens.jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
    expect(await tokens.retire('no-such-kid')).toBe(false);
  });

  it('reach other instances: a token from a key rotated elsewhere verifies here', async () => {
    const elsewhere = createAccessTokens({ keys: createSigningKeysRepo(database.db), secrets, clock });
    const kid = await elsewhere.rotate();
    const { token } = await elsewhere.issue(alice);
    expect(decodeProtectedHeader(token).kid).toBe(kid);
    // `tokens` loaded its key set before; an unknown kid makes it re-read (at most every 5 s).
    clock.advanceMs(5_000);
    expect(await tokens.verify(token)).toEqual({
      ...alice,
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
  });
});
