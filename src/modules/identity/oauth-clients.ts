import * as oidc from 'openid-client';

export const OAUTH_PROVIDERS = ['google', 'github'] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDERS)[number];

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** OpenID issuer; its discovery document names every endpoint. */
  issuer: string;
}

export interface GitHubOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Overridable for tests only (a local stand-in for GitHub); default github.com. */
  authorizeUrl?: string;
  tokenUrl?: string;
  apiUrl?: string;
}

/** The configured OAuth providers (`config.oauth`); a null or absent entry is not offered. */
export interface OAuthConfig {
  google?: GoogleOAuthConfig | null;
  github?: GitHubOAuthConfig | null;
}

/** Who the provider says signed in. `emailVerified` is the provider's word for `email`. */
export interface ExternalProfile {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  codeChallenge: string;
  nonce: string;
}

export interface CallbackCheck {
  /** The callback URL as the provider called it: the redirect URI with the provider's query. */
  callbackUrl: URL;
  state: string;
  codeVerifier: string;
  nonce: string;
}

/** One OAuth provider: where to send the browser, and what the callback proves. */
export interface OAuthClient {
  readonly id: OAuthProviderId;
  readonly name: string;
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /** Exchanges the code (PKCE, state and, for OIDC, nonce checked) for the provider's profile. */
  profile(check: CallbackCheck): Promise<ExternalProfile>;
}

const GITHUB_DEFAULTS = {
  authorizeUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  apiUrl: 'https://api.github.com',
};
const HTTP_TIMEOUT_MS = 10_000;

// Plain http only for loopback addresses (the in-process providers of the tests, a local IdP).
function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

const verifiedFlag = (value: unknown) => value === true || value === 'true';
const stringOrNull = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Google (or any OpenID provider): the identity comes from the ID token, userinfo as a fallback. */
export function googleClient(cfg: GoogleOAuthConfig): OAuthClient {
  // Discovered on first use and kept; a failed discovery is retried by the next login.
  let configuration: Promise<oidc.Configuration> | null = null;
  const load = () => {
    configuration ??= oidc
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        cfg.clientSecret,
        oidc.ClientSecretPost(cfg.clientSecret),
        {
          timeout: HTTP_TIMEOUT_MS / 1000,
          ...(isLoopbackHttp(cfg.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      )
      .catch((err: unknown) => {
        configuration = null;
        throw err;
      });
    return configuration;
  };

  return {
    id: 'google',
    name: 'Google',
    async authorizationUrl({ redirectUri, state, codeChallenge, nonce }) {
      return oidc.buildAuthorizationUrl(await load(), {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
    },
    async profile({ callbackUrl, state, codeVerifier, nonce }) {
      const config = await load();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider returned no ID token');
      // Google puts e-mail and name in the ID token; a provider that keeps them for userinfo is asked there.
      const info: Record<string, unknown> =
        typeof claims.email === 'string'
          ? claims
          : await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      return {
        subject: claims.sub,
        email: stringOrNull(info.email),
        emailVerified: verifiedFlag(info.email_verified),
        name: stringOrNull(info.name) ?? stringOrNull(claims.name),
      };
    },
  };
}

interface GitHubUser {
  id: number;
  login: string;
  name: string | null;
}
interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

/**
 * GitHub: plain OAuth 2.0 (no ID token). The account is `GET /user`; the e-mail is the primary one
 * of `GET /user/emails` with GitHub's verified flag (the profile e-mail may be absent or stale).
 */
export function githubClient(cfg: GitHubOAuthConfig): OAuthClient {
  const authorizeUrl = cfg.authorizeUrl ?? GITHUB_DEFAULTS.authorizeUrl;
  const tokenUrl = cfg.tokenUrl ?? GITHUB_DEFAULTS.tokenUrl;
  const apiUrl = (cfg.apiUrl ?? GITHUB_DEFAULTS.apiUrl).replace(/\/+$/, '');
  const config = new oidc.Configuration(
    {
      issuer: new URL(authorizeUrl).origin,
      authorization_endpoint: authorizeUrl,
      token_endpoint: tokenUrl,
    },
    cfg.clientId,
    cfg.clientSecret,
    oidc.ClientSecretPost(cfg.clientSecret),
  );
  config.timeout = HTTP_TIMEOUT_MS / 1000;
  if (isLoopbackHttp(tokenUrl)) oidc.allowInsecureRequests(config);

  async function api<T>(path: string, accessToken: string): Promise<T> {
    const res = await fetch(`${apiUrl}${path}`, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${accessToken}`,
        'user-agent': 'gpubroker',
        'x-github-api-version': '2022-11-28',
      },
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`GitHub ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  return {
    id: 'github',
    name: 'GitHub',
    async authorizationUrl({ redirectUri, state, codeChallenge }) {
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'read:user user:email',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        allow_signup: 'true',
      });
    },
    async profile({ callbackUrl, state, codeVerifier }) {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
      });
      const [user, emails] = await Promise.all([
        api<GitHubUser>('/user', tokens.access_token),
        api<GitHubEmail[]>('/user/emails', tokens.access_token),
      ]);
      if (typeof user.id !== 'number') throw new Error('GitHub /user has no id');
      const primary = Array.isArray(emails) ? emails.find((e) => e.primary) : undefined;
      return {
        subject: String(user.id),
        email: stringOrNull(primary?.email),
        emailVerified: primary?.verified === true,
        name: stringOrNull(user.name) ?? stringOrNull(user.login),
      };
    },
  };
}

/** The clients of the configured providers, in the order the login page shows them. */
export function oauthClients(config: OAuthConfig | undefined): Map<OAuthProviderId, OAuthClient> {
  const clients = new Map<OAuthProviderId, OAuthClient>();
  if (config?.google) clients.set('google', googleClient(config.google));
  if (config?.github) clients.set('github', githubClient(config.github));
  return clients;
}
