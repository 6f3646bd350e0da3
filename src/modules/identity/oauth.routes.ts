import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problems } from '../../platform/http/schemas.js';
import { TokenPairResponse, toTokenPairView } from './identity.schema.js';
import { OAUTH_TRANSACTION_TTL_MS, type OAuthService } from './oauth.service.js';
import type { RequestContext } from './secure-token.js';

const tags = ['identity'];
const STATE_COOKIE = 'gpb_oauth_state';
const COOKIE_PATH = '/api/v2/auth/oauth/';

const ProviderParams = Type.Object({ provider: Type.String({ minLength: 1, maxLength: 40 }) });
const Redirect = { type: 'null', description: 'Redirect (see the Location header)' } as const;

export const OAuthProvidersResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Union([Type.Literal('google'), Type.Literal('github')]),
      name: Type.String(),
      start_url: Type.String({ description: 'Path that starts the login (navigate the browser to it)' }),
    }),
  ),
});

export const OAuthExchangeBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 200 }),
    totp_code: Type.Optional(Type.String({ minLength: 6, maxLength: 32 })),
  },
  { additionalProperties: false },
);

const context = (request: FastifyRequest): RequestContext => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** `/auth/oauth/*`: login with Google or GitHub, registered under `/api/v2`. */
export function oauthRoutes(deps: { oauth: OAuthService; publicUrl: string }) {
  const secure = deps.publicUrl.startsWith('https:') ? '; Secure' : '';
  // Lax: the callback is a top-level GET navigation from the provider's site, which Lax lets through.
  const stateCookie = (value: string, maxAgeS: number) =>
    `${STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${secure}`;
  const redirect = (reply: FastifyReply, location: string) =>
    reply.code(302).header('location', location).header('cache-control', 'no-store').send(null);

  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/auth/oauth/providers',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'The OAuth providers this POD offers for login',
          response: { 200: OAuthProvidersResponse },
        },
      },
      async () => ({ items: deps.oauth.providers() }),
    );

    app.get(
      '/auth/oauth/:provider/start',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Start a login at the provider (browser navigation; redirects there)',
          params: ProviderParams,
          querystring: Type.Object({
            next: Type.Optional(
              Type.String({ maxLength: 2000, description: 'Same-site path to return to after login' }),
            ),
          }),
          response: { 302: Redirect, ...problems(404) },
        },
      },
      async (request, reply) => {
        const { location, state } = await deps.oauth.start(request.params.provider, request.query.next);
        reply.header('set-cookie', stateCookie(state, Math.floor(OAUTH_TRANSACTION_TTL_MS / 1000)));
        return redirect(reply, location);
      },
    );

    app.get(
      '/auth/oauth/:provider/callback',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: "The provider's redirect back; redirects to the web app with a one-time login code",
          description:
            'Success: 302 to `<public URL>/login/oauth?code=…&next=…` (exchange the code within 60 s). ' +
            'Failure: 302 to `<public URL>/login?error=…` with `oauth_failed`, `oauth_cancelled`, ' +
            '`oauth_email_unverified`, `oauth_account_unconfirmed` or `oauth_account_disabled`.',
          params: ProviderParams,
          // Providers add parameters of their own (`iss`, `scope`, `authuser`…): all are passed on.
          querystring: Type.Object(
            {
              code: Type.Optional(Type.String()),
              state: Type.Optional(Type.String()),
              error: Type.Optional(Type.String()),
            },
            { additionalProperties: true },
          ),
          response: { 302: Redirect, ...problems(404) },
        },
      },
      async (request, reply) => {
        const query = new URL(request.url, 'http://callback.invalid').searchParams;
        const location = await deps.oauth.callback(
          request.params.provider,
          query,
          readCookie(request, STATE_COOKIE),
          context(request),
        );
        reply.header('set-cookie', stateCookie('', 0));
        return redirect(reply, location);
      },
    );

    app.post(
      '/auth/oauth/exchange',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Exchange the one-time code of an OAuth login for tokens',
          description:
            'Single use: a spent or expired code is 410 `token_expired`. With MFA on, a request without ' +
            '`totp_code` is 401 `mfa_required` and the code stays valid; repeat it with an authenticator ' +
            'or backup code.',
          body: OAuthExchangeBody,
          response: { 200: TokenPairResponse, ...problems(401, 403, 410, 422, 429) },
        },
      },
      async (request) => {
        const { code, totp_code } = request.body;
        return toTokenPairView(await deps.oauth.exchange(code, totp_code, context(request)));
      },
    );
  };
}
