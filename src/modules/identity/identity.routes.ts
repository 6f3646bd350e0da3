import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unwrap } from '../../platform/errors/app-error.js';
import { problems } from '../../platform/http/schemas.js';
import { principalOf } from './access-control.js';
import type { AccessTokens } from './access-token.service.js';
import type { AccountService } from './account.service.js';
import {
  AcceptedResponse,
  BackupCodesResponse,
  ChangePasswordBody,
  JwksResponse,
  LoginBody,
  RefreshBody,
  RegisterBody,
  RegisterResponse,
  ResendVerificationBody,
  SecondFactorBody,
  TokenPairResponse,
  TotpCodeBody,
  TotpSetupResponse,
  toTokenPairView,
  toUserView,
  UpdateProfileBody,
  UserSchema,
  VerifyEmailBody,
  VerifyEmailResponse,
} from './identity.schema.js';
import type { IdentityProvider } from './identity-provider.js';
import type { MfaService } from './mfa.service.js';
import type { RequestContext } from './secure-token.js';
import type { UsersRepo } from './users.repo.js';

export interface IdentityRouteDeps {
  provider: IdentityProvider;
  users: Pick<UsersRepo, 'byId'>;
  /** Built-in provider only: profile and password changes, backup-code regeneration. */
  account?: Pick<AccountService, 'updateProfile' | 'changePassword'>;
  mfa?: Pick<MfaService, 'regenerateBackupCodes'>;
}

/** Where the request came from, plus the caller's access token for providers that need it (Cognito MFA). */
function context(request: FastifyRequest): RequestContext {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  return {
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
    ...(bearer && !bearer.startsWith('gpb_') ? { accessToken: bearer } : {}),
  };
}

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
          response: { 201: RegisterResponse, ...problems(403, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const { user, verification } = unwrap(await deps.provider.register(request.body, context(request)));
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
        user: toUserView(unwrap(await deps.provider.verifyEmail(request.body.token, context(request)))),
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
          description:
            'With MFA on, a request without `totp_code` is answered 401 with `code: "mfa_required"`; ' +
            'repeat it with a 6-digit authenticator code or a backup code.',
          response: { 200: TokenPairResponse, ...problems(401, 403, 429) },
        },
      },
      async (request) => {
        const { email, password, totp_code } = request.body;
        const pair = await deps.provider.login({ email, password, totpCode: totp_code }, context(request));
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
        toTokenPairView(unwrap(await deps.provider.refresh(request.body.refresh_token, context(request)))),
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
        await deps.provider.logout(request.body.refresh_token, context(request));
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

    app.post(
      '/auth/verify-email/resend',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Send a new confirmation link (always 202: says nothing about the address)',
          body: ResendVerificationBody,
          response: { 202: AcceptedResponse, ...problems(422) },
        },
      },
      async (request, reply) => {
        await deps.provider.resendVerification(request.body.email, context(request));
        return reply.code(202).send({
          detail: 'If an unconfirmed account uses this address, a new confirmation link is on its way.',
        });
      },
    );

    app.post(
      '/auth/mfa/totp/setup',
      {
        schema: {
          tags,
          summary: 'Start authenticator-app enrolment: a new TOTP secret (MFA is on after enable)',
          security: [{ bearer: [] }],
          response: { 200: TotpSetupResponse, ...problems(401, 409) },
        },
      },
      async (request) => {
        const setup = await deps.provider.mfa.setupTotp(principalOf(request).userId, context(request));
        return { secret: setup.secret, otpauth_url: setup.otpauthUrl };
      },
    );

    app.post(
      '/auth/mfa/totp/enable',
      {
        schema: {
          tags,
          summary: 'Turn MFA on with a current authenticator code; returns backup codes once',
          security: [{ bearer: [] }],
          body: TotpCodeBody,
          response: { 200: BackupCodesResponse, ...problems(401, 409, 422, 429) },
        },
      },
      async (request) => {
        const { backupCodes } = unwrap(
          await deps.provider.mfa.enableTotp(
            principalOf(request).userId,
            request.body.code,
            context(request),
          ),
        );
        return { backup_codes: backupCodes };
      },
    );

    app.post(
      '/auth/mfa/disable',
      {
        schema: {
          tags,
          summary: 'Turn MFA off with a current authenticator code or a backup code',
          security: [{ bearer: [] }],
          body: SecondFactorBody,
          response: { 204: { type: 'null', description: 'MFA is off' }, ...problems(401, 422, 429) },
        },
      },
      async (request, reply) => {
        unwrap(
          await deps.provider.mfa.disable(principalOf(request).userId, request.body.code, context(request)),
        );
        return reply.code(204).send(null);
      },
    );

    const { mfa, account } = deps;
    if (mfa) {
      app.post(
        '/auth/mfa/backup-codes',
        {
          schema: {
            tags,
            summary: 'Replace the backup codes (old ones stop working) after a current code',
            security: [{ bearer: [] }],
            body: SecondFactorBody,
            response: { 200: BackupCodesResponse, ...problems(401, 422, 429) },
          },
        },
        async (request) => {
          const { backupCodes } = unwrap(
            await mfa.regenerateBackupCodes(principalOf(request).userId, request.body.code, context(request)),
          );
          return { backup_codes: backupCodes };
        },
      );
    }

    if (account) {
      app.patch(
        '/me',
        {
          schema: {
            tags,
            summary: 'Update the profile of the signed-in user',
            security: [{ bearer: [] }],
            body: UpdateProfileBody,
            response: { 200: UserSchema, ...problems(401, 422) },
          },
        },
        async (request) =>
          toUserView(
            unwrap(await account.updateProfile(principalOf(request).userId, request.body, context(request))),
          ),
      );

      app.post(
        '/auth/password',
        {
          schema: {
            tags,
            summary: 'Change the password; every other session ends, a new pair is returned',
            security: [{ bearer: [] }],
            body: ChangePasswordBody,
            response: { 200: TokenPairResponse, ...problems(401, 422) },
          },
        },
        async (request) =>
          toTokenPairView(
            unwrap(
              await account.changePassword(
                principalOf(request).userId,
                request.body.current_password,
                request.body.new_password,
                context(request),
              ),
            ),
          ),
      );
    }
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
