import { ProviderHttpError } from '../../catalog.types.js';
import { createProviderHttp } from '../http.js';

/**
 * Microsoft Entra ID service-principal sign-in (OAuth 2.0 client credentials, identity platform v2):
 * `POST {authority}/{tenant_id}/oauth2/v2.0/token` with a form body (`grant_type=client_credentials`,
 * `client_id`, `client_secret`, `scope=https://management.azure.com/.default`) answers
 * `{ token_type: 'Bearer', expires_in: <seconds>, access_token }`
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 */

export const AZURE_DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';
/** The ARM resource's `.default` scope: the app permissions granted to the service principal. */
export const AZURE_ARM_SCOPE = 'https://management.azure.com/.default';
/** A cached token is renewed this long before it expires (clock skew, a sync in flight). */
export const AZURE_TOKEN_EXPIRY_MARGIN_MS = 60_000;

export interface AzureCredential {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  /** Token host root without a trailing slash (`https://login.microsoftonline.com` by default). */
  authority: string;
}

const FORMAT =
  'azure: credential must be a JSON object {"tenant_id", "client_id", "client_secret", "subscription_id"} ' +
  '(optional "authority")';

/**
 * Reads the JSON credential. Errors name the missing or invalid fields and never quote the input
 * (a JSON.parse message would echo part of it, secret included).
 */
export function parseAzureCredential(credential: string | null): AzureCredential {
  let raw: unknown;
  try {
    raw = JSON.parse(credential ?? '');
  } catch {
    throw new Error(`${FORMAT}; it is not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${FORMAT}; it is not a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  const text = (key: string) => (typeof obj[key] === 'string' ? (obj[key] as string).trim() : '');
  const required = ['tenant_id', 'client_id', 'client_secret', 'subscription_id'];
  const missing = required.filter((key) => text(key) === '');
  if (missing.length > 0) {
    throw new Error(`azure: credential is missing ${missing.join(', ')} (each a non-empty string)`);
  }
  const authority = obj.authority === undefined ? AZURE_DEFAULT_AUTHORITY : text('authority');
  if (!isHttpUrl(authority)) throw new Error('azure: credential "authority" must be an http(s) URL');
  return {
    tenantId: text('tenant_id'),
    clientId: text('client_id'),
    clientSecret: text('client_secret'),
    subscriptionId: text('subscription_id'),
    authority: authority.replace(/\/+$/, ''),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  token_type?: unknown;
}

/**
 * In-memory access tokens per (authority, tenant, client id), each reused until
 * `AZURE_TOKEN_EXPIRY_MARGIN_MS` before it expires. `now` is injectable so tests advance time.
 */
export function createAzureTokenCache(opts: { now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  const tokens = new Map<string, { token: string; renewAt: number }>();
  const keyOf = (c: AzureCredential) => `${c.authority}\n${c.tenantId}\n${c.clientId}`;

  return {
    /** A valid ARM access token: the cached one, or a new one from the token endpoint. */
    async token(credential: AzureCredential, signal: AbortSignal): Promise<string> {
      const key = keyOf(credential);
      const cached = tokens.get(key);
      if (cached && now() < cached.renewAt) return cached.token;
      tokens.delete(key);
      const http = createProviderHttp({ baseUrl: credential.authority, signal });
      // The secret travels in the form body only, never in the URL.
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credential.clientId,
        client_secret: credential.clientSecret,
        scope: AZURE_ARM_SCOPE,
      });
      const asked = now();
      const body = await http.request<TokenAnswer | undefined>(
        'POST',
        `/${encodeURIComponent(credential.tenantId)}/oauth2/v2.0/token`,
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
      );
      const token = body?.access_token;
      if (typeof token !== 'string' || token === '') {
        throw new ProviderHttpError('azure: token answer has no access_token', 200);
      }
      if (typeof body?.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') {
        throw new ProviderHttpError(`azure: token answer has token_type ${body.token_type}, not Bearer`, 200);
      }
      // v2 sends a number; the v1 endpoint sent a numeric string. Unreadable → use once, do not cache.
      const seconds = Number(body?.expires_in);
      if (Number.isFinite(seconds) && seconds > 0) {
        tokens.set(key, { token, renewAt: asked + seconds * 1000 - AZURE_TOKEN_EXPIRY_MARGIN_MS });
      }
      return token;
    },
    /** Drops the cached token (e.g. ARM answered 401 with it: revoked, or its role was removed). */
    forget(credential: AzureCredential): void {
      tokens.delete(keyOf(credential));
    },
  };
}

export type AzureTokenCache = ReturnType<typeof createAzureTokenCache>;
