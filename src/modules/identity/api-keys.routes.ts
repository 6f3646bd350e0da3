import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { unwrap } from '../../platform/errors/app-error.js';
import { problems } from '../../platform/http/schemas.js';
import { principalOf } from './access-control.js';
import type { ApiKeyRow } from './api-keys.repo.js';
import type { ApiKeysService } from './api-keys.service.js';
import type { RequestContext } from './secure-token.js';

const CreateApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }) },
  { additionalProperties: false },
);
const CreatedApiKey = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'The key itself: shown in this response only' }),
  name: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
});
const ApiKeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The 8 characters after gpb_, to tell keys apart' }),
  created_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const ApiKeyList = Type.Object({ items: Type.Array(ApiKeyView), next_cursor: Type.Null() });

const toView = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  created_at: row.createdAt.toISOString(),
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
});
const context = (request: FastifyRequest): RequestContext => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});
const tags = ['identity'];
const security = [{ bearer: [] }];

/** `/api-keys`: the caller's own keys (authenticated; another user's key is a 404). */
export function apiKeyRoutes(deps: { apiKeys: Pick<ApiKeysService, 'create' | 'list' | 'revoke'> }) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api-keys',
      {
        schema: {
          tags,
          security,
          summary: 'Create an API key (the key is returned once, in this response)',
          body: CreateApiKeyBody,
          response: { 201: CreatedApiKey, ...problems(401, 409, 422) },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const { row, key } = unwrap(await deps.apiKeys.create(userId, request.body.name, context(request)));
        return reply
          .code(201)
          .send({ id: row.id, key, name: row.name, created_at: row.createdAt.toISOString() });
      },
    );

    app.get(
      '/api-keys',
      {
        schema: {
          tags,
          security,
          summary: 'Your API keys that are not revoked, newest first (at most 25: one page)',
          response: { 200: ApiKeyList, ...problems(401) },
        },
      },
      async (request) => ({
        items: (await deps.apiKeys.list(principalOf(request).userId)).map(toView),
        next_cursor: null,
      }),
    );

    app.delete(
      '/api-keys/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Revoke an API key: it stops working at once',
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          response: { 204: { type: 'null', description: 'Revoked' }, ...problems(401, 404) },
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        unwrap(await deps.apiKeys.revoke(userId, request.params.id, context(request)));
        return reply.code(204).send(null);
      },
    );
  };
}
