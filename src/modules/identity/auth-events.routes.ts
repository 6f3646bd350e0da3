import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Page, PageQuery, problems } from '../../platform/http/schemas.js';
import { AUTH_EVENT_TYPES, type AuthEventRow, type AuthEventsRepo } from './auth-events.repo.js';

const AuthEventsQuery = PageQuery({
  user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  type: Type.Optional(Type.Union(AUTH_EVENT_TYPES.map((t) => Type.Literal(t)))),
});
const AuthEventView = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  user_id: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
const AuthEventList = Page(AuthEventView);

const toView = (row: AuthEventRow) => ({
  id: row.id,
  at: row.at.toISOString(),
  user_id: row.userId,
  type: row.type,
  ip: row.ip,
  user_agent: row.userAgent,
  detail: row.detail,
});

/** `/admin/auth-events`: the authentication audit log, for pod_admin only. */
export function authEventRoutes(deps: { authEvents: Pick<AuthEventsRepo, 'list'> }) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/auth-events',
      {
        config: { auth: { roles: ['pod_admin'] } },
        schema: {
          tags: ['admin'],
          security: [{ bearer: [] }],
          summary: 'Authentication events (logins, sign-ups, API keys…), newest first',
          querystring: AuthEventsQuery,
          response: { 200: AuthEventList, ...problems(400, 401, 403, 422) },
        },
      },
      async (request) => {
        const { user_id, type, limit, cursor } = request.query;
        const page = await deps.authEvents.list({ userId: user_id, type, limit, cursor });
        return { items: page.items.map(toView), next_cursor: page.nextCursor };
      },
    );
  };
}
