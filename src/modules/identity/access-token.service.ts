import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Clock } from '../../platform/clock/clock.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import { PLANS, type Plan, ROLES, type Role } from './identity.tables.js';
import type { SigningKeysRepo } from './signing-keys.repo.js';

/** Who a verified credential belongs to: all the rest of the platform ever sees of identity. */
export interface Principal {
  userId: string;
  role: Role;
  plan: Plan;
  /** `iat` of the access token (seconds); absent for API keys. Lets sessions be cut off early. */
  issuedAt?: number;
  /** `exp` of the access token (seconds); absent for API keys. Long-lived sockets close at it. */
  expiresAt?: number;
}

export const TOKEN_ISSUER = 'gpubroker';
export const TOKEN_AUDIENCE = 'gpubroker-api';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ALG = 'RS256';
/** Other instances may rotate or retire keys: the key set is re-read when older than this. */
const KEY_RELOAD_MS = 60_000;
/** An unknown kid triggers a re-read at most this often, so forged kids cannot flood the database. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

export interface AccessTokenDeps {
  keys: Pick<SigningKeysRepo, 'insert' | 'active' | 'retire'>;
  secrets: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  clock: Clock;
  ttlSeconds?: number;
}

interface KeySet {
  loadedAtMs: number;
  verifiers: Map<string, CryptoKey>;
  publicJwks: JWK[];
  signer: { kid: string; key: CryptoKey } | null;
  newestCreatedAtMs: number;
}

export interface AccessTokens {
  /** Signs a token for `principal` with the current key (created on first use). */
  issue(principal: Principal): Promise<{ token: string; expiresInSeconds: number }>;
  /**
   * The principal of a valid token, or null: any alg but RS256 (`none`, `HS256`…), an unknown or
   * retired `kid`, a bad signature, wrong issuer or audience, or an expired token is refused.
   */
  verify(token: string): Promise<Principal | null>;
  /** Public keys of every key that is not retired, for `/.well-known/jwks.json`. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Creates a new signing key that signs from now on; older keys keep verifying. Returns its kid. */
  rotate(): Promise<string>;
  /** Retires a key: tokens it signed stop verifying. False when `kid` is unknown. */
  retire(kid: string): Promise<boolean>;
}

export function createAccessTokens({ keys, secrets, clock, ttlSeconds }: AccessTokenDeps): AccessTokens {
  const ttl = ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS;
  let current: KeySet | null = null;
  let loading: Promise<KeySet> | null = null;

  async function load(): Promise<KeySet> {
    const rows = await keys.active();
    const verifiers = new Map<string, CryptoKey>();
    for (const row of rows) verifiers.set(row.kid, (await importJWK(row.publicJwk as JWK, ALG)) as CryptoKey);
    const newest = rows[0];
    const signer = newest
      ? {
          kid: newest.kid,
          key: (await importJWK(
            JSON.parse(secrets.decrypt(newest.privateJwkSealed, newest.kid)),
            ALG,
          )) as CryptoKey,
        }
      : null;
    current = {
      loadedAtMs: clock.nowMs(),
      verifiers,
      publicJwks: rows.map((r) => r.publicJwk as JWK),
      signer,
      newestCreatedAtMs: newest?.createdAt.getTime() ?? 0,
    };
    return current;
  }

  // One load at a time per process; callers arriving meanwhile share it.
  function reload(): Promise<KeySet> {
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function keySet(): Promise<KeySet> {
    if (current && clock.nowMs() - current.loadedAtMs < KEY_RELOAD_MS) return current;
    try {
      return await reload();
    } catch (err) {
      // A database hiccup at refresh time must not log everyone out: keep the keys we have.
      if (current) return current;
      throw err;
    }
  }

  async function createKey(): Promise<string> {
    // The newest key signs: a new key must sort after every existing one even if the clock stalls.
    const newestMs = (await keySet()).newestCreatedAtMs;
    const pair = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: ALG };
    await keys.insert({
      kid,
      alg: ALG,
      privateJwkSealed: secrets.encrypt(JSON.stringify(privateJwk), kid),
      publicJwk: { ...publicJwk, kid, alg: ALG, use: 'sig' },
      createdAt: new Date(Math.max(clock.nowMs(), newestMs + 1)),
    });
    return kid;
  }

  let creating: Promise<KeySet> | null = null;
  async function signer(): Promise<{ kid: string; key: CryptoKey }> {
    const set = await keySet();
    if (set.signer) return set.signer;
    // First token ever: create the key. Two instances racing each create one; both verify.
    creating ??= createKey()
      .then(() => reload())
      .finally(() => {
        creating = null;
      });
    const created = await creating;
    if (!created.signer) throw new Error('signing key was created but could not be loaded');
    return created.signer;
  }

  const resolveKey: JWTVerifyGetKey = async (header) => {
    if (header.alg !== ALG || typeof header.kid !== 'string') throw new Error('unacceptable header');
    let set = await keySet();
    // A kid we do not know may come from a rotation on another instance: re-read once.
    if (!set.verifiers.has(header.kid) && clock.nowMs() - set.loadedAtMs >= UNKNOWN_KID_RELOAD_MS)
      set = await reload();
    const key = set.verifiers.get(header.kid);
    if (!key) throw new Error('unknown kid');
    return key;
  };

  return {
    async issue(principal) {
      const { kid, key } = await signer();
      const iat = Math.floor(clock.nowMs() / 1000);
      const token = await new SignJWT({ role: principal.role, plan: principal.plan })
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setSubject(principal.userId)
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttl)
        .sign(key);
      return { token, expiresInSeconds: ttl };
    },

    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, resolveKey, {
          algorithms: [ALG],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          requiredClaims: ['sub', 'exp', 'iat'],
          currentDate: clock.now(),
        });
        const { sub, role, plan, iat, exp } = payload as {
          sub?: unknown;
          role?: unknown;
          plan?: unknown;
          iat?: number;
          exp?: number;
        };
        if (typeof sub !== 'string' || !ROLES.includes(role as Role) || !PLANS.includes(plan as Plan))
          return null;
        return {
          userId: sub,
          role: role as Role,
          plan: plan as Plan,
          ...(iat === undefined ? {} : { issuedAt: iat }),
          ...(exp === undefined ? {} : { expiresAt: exp }),
        };
      } catch {
        return null;
      }
    },

    async jwks() {
      return { keys: (await keySet()).publicJwks };
    },

    async rotate() {
      const kid = await createKey();
      await reload();
      return kid;
    },

    async retire(kid) {
      const done = await keys.retire(kid, clock.now());
      await reload();
      return done;
    },
  };
}
