import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { unwrap } from '../../platform/errors/app-error.js';
import { Page, PageQuery, problems } from '../../platform/http/schemas.js';
import { principalOf } from './access-control.js';
import type { AdminUsersService } from './admin-users.service.js';
import { toUserView, UserSchema } from './identity.schema.js';
import { ROLES, USER_STATUSES } from './identity.tables.js';
import type { RequestContext } from './secure-token.js';
import type { UsersRepo } from './users.repo.js';

const RoleParam = Type.Union(ROLES.map((r) => Type.Literal(r)));
const UsersQuery = PageQuery({
  email: Type.Optional(
    Type.String({ minLength: 1, maxLength: 254, description: 'Part of the e-mail address' }),
  ),
  role: Type.Optional(RoleParam),
  status: Type.Optional(Type.Union(USER_STATUSES.map((s) => Type.Literal(s)))),
});
const UserPatch = Type.Object(
  {
    role: Type.Optional(RoleParam),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const tags = ['admin'];
const admin = { auth: { roles: ['pod_admin'] as const } };

/** `/admin/users`: find accounts, change roles, disable and re-enable them (pod_admin). */
export function adminUserRoutes(deps: {
  users: Pick<UsersRepo, 'list'>;
  adminUsers: Pick<AdminUsersService, 'update'>;
}) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/users',
      {
        config: admin,
        schema: {
          tags,
          security: [{ bearer: [] }],
          summary: 'Accounts, newest first; filter by e-mail, role or status',
          querystring: UsersQuery,
          response: { 200: Page(UserSchema), ...problems(400, 401, 403, 422) },
        },
      },
      async (request) => {
        const page = await deps.users.list(request.query);
        return {
          items: page.items.map(toUserView),
          next_cursor: page.nextCursor,
        };
      },
    );

    app.patch(
      '/admin/users/:id',
      {
        config: admin,
        schema: {
          tags,
          security: [{ bearer: [] }],
          summary: "Change a user's role or status; disabling ends their sessions at once",
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
          body: UserPatch,
          response: { 200: UserSchema, ...problems(401, 403, 404, 409, 422) },
        },
      },
      async (request) => {
        const ctx: RequestContext = {
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
        };
        const user = unwrap(
          await deps.adminUsers.update(principalOf(request).userId, request.params.id, request.body, ctx),
        );
        return toUserView(user);
      },
    );
  };
}
