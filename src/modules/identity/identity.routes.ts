import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unwrap } from '../../platform/errors/app-error.js';
import { problems } from '../../platform/http/schemas.js';
import { principalOf } from './access-control.js';
import type { AccessTokens } from './access-token.service.js';
import {
  JwksResponse,
  LoginBody,
  RefreshBody,
  RegisterBody,
  RegisterResponse,
  TokenPairResponse,
  toTokenPairView,
  toUserView,
  UserSchema,
  VerifyEmailBody,
  VerifyEmailResponse,
} from './identity.schema.js';
import type { LoginService } from './login.service.js';
import type { RegisterService } from './register.service.js';
import type { RequestContext } from './secure-token.js';
import type { SessionService } from './session.service.js';
import type { UsersRepo } from './users.repo.js';

export interface IdentityRouteDeps {
  register: Pick<RegisterService, 'register' | 'verifyEmail'>;
  login: Pick<LoginService, 'login'>;
  sessions: Pick<SessionService, 'refresh' | 'logout'>;
  users: Pick<UsersRepo, 'byId'>;
}

const context = (request: FastifyRequest): RequestContext => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

const tags = ['identity'];

/** `/auth/*` and `/me`, registered under `/api/v2` inside the access gate. */
export function identityRoutes(deps: IdentityRouteDeps) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/auth/register',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Create an account (e-mail confirmation, or auto-confirmed in SANDBOX)',
          body: RegisterBody,
          response: { 201: RegisterResponse, ...problems(409, 422) },
        },
      },
      async (request, reply) => {
        const { user, verification } = unwrap(await deps.register.register(request.body, context(request)));
        return reply.code(201).send({ user: toUserView(user), verification });
      },
    );

    app.post(
      '/auth/verify-email',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Confirm an e-mail address with the token from the confirmation link',
          body: VerifyEmailBody,
          response: { 200: VerifyEmailResponse, ...problems(410, 422) },
        },
      },
      async (request) => ({
        user: toUserView(unwrap(await deps.register.verifyEmail(request.body.token, context(request)))),
      }),
    );

    app.post(
      '/auth/login',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Log in with e-mail and password',
          body: LoginBody,
          response: { 200: TokenPairResponse, ...problems(401, 403, 429) },
        },
      },
      async (request) => {
        const { email, password, totp_code } = request.body;
        const pair = await deps.login.login({ email, password, totpCode: totp_code }, context(request));
        return toTokenPairView(pair);
      },
    );

    app.post(
      '/auth/refresh',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Exchange a refresh token for a new pair (the old one is spent)',
          body: RefreshBody,
          response: { 200: TokenPairResponse, ...problems(401) },
        },
      },
      async (request) =>
        toTokenPairView(unwrap(await deps.sessions.refresh(request.body.refresh_token, context(request)))),
    );

    app.post(
      '/auth/logout',
      {
        // Public: possession of the refresh token is the credential, and an expired access
        // token must not stop a client from ending its session.
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'End the session of a refresh token (idempotent)',
          body: RefreshBody,
          response: { 204: { type: 'null', description: 'Session ended' }, ...problems(422) },
        },
      },
      async (request, reply) => {
        await deps.sessions.logout(request.body.refresh_token, context(request));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags,
          summary: 'The signed-in user',
          security: [{ bearer: [] }],
          response: { 200: UserSchema, ...problems(401) },
        },
      },
      async (request) => {
        const user = await deps.users.byId(principalOf(request).userId);
        if (!user) throw new AppError('unauthorized', { detail: 'The account no longer exists.' });
        return toUserView(user);
      },
    );
  };
}

/** `GET /.well-known/jwks.json` at the root (outside `/api/v2`): public keys of the access tokens. */
export function jwksRoutes(deps: { accessTokens: Pick<AccessTokens, 'jwks'> }) {
  return async function plugin(instance: FastifyInstance) {
    instance.get(
      '/.well-known/jwks.json',
      {
        schema: {
          tags,
          summary: 'JSON Web Key Set of the access-token signing keys',
          response: { 200: JwksResponse },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return deps.accessTokens.jwks();
      },
    );
  };
}
