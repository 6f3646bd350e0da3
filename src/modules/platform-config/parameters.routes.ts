import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { unwrap } from '../../platform/errors/app-error.js';
import { problems } from '../../platform/http/schemas.js';
import {
  admin,
  type ConfigRouteContext,
  PodParams,
  security,
  tags,
  toChange,
} from './config-routes.shared.js';
import {
  CreateParameterBody,
  ParameterViewSchema,
  PodIdParam,
  toParameterView,
  UpdateParameterBody,
  ValidateBody,
  ValidateResponse,
} from './platform-config.schema.js';

const ParameterParams = Type.Object({ id: PodIdParam, key: Type.String({ minLength: 1, maxLength: 120 }) });

/** A POD's parameters: list, CRUD and the validation dry run. */
export function parameterRoutes(deps: ConfigRouteContext) {
  const { service, actorOf } = deps;

  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/config/pods/:id/parameters',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Every well-known parameter (set or default) and every free-form one',
          params: PodParams,
          response: {
            200: Type.Object({ items: Type.Array(ParameterViewSchema) }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (request) => ({
        items: unwrap(await service.listParameters(request.params.id)).map(toParameterView),
      }),
    );

    app.post(
      '/config/pods/:id/parameters',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Set a parameter (free-form keys need parameter_type)',
          params: PodParams,
          body: CreateParameterBody,
          response: { 201: ParameterViewSchema, ...problems(401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const { key, confirm, ...rest } = request.body;
        const view = unwrap(
          await service.createParameter(
            request.params.id,
            toChange(key, rest),
            confirm,
            await actorOf(request),
          ),
        );
        return reply.code(201).send(toParameterView(view));
      },
    );

    app.post(
      '/config/pods/:id/parameters/validate',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Dry run of a change set: every problem, nothing saved',
          params: PodParams,
          body: ValidateBody,
          response: { 200: ValidateResponse, ...problems(401, 403, 404, 422) },
        },
      },
      async (request) =>
        unwrap(
          await service.validate(
            request.params.id,
            request.body.changes.map(({ key, delete: del, ...rest }) => ({
              ...toChange(key, rest),
              delete: del,
            })),
          ),
        ),
    );

    app.get(
      '/config/pods/:id/parameters/:key',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'One parameter',
          params: ParameterParams,
          response: { 200: ParameterViewSchema, ...problems(401, 403, 404) },
        },
      },
      async (request) =>
        toParameterView(unwrap(await service.getParameter(request.params.id, request.params.key))),
    );

    app.put(
      '/config/pods/:id/parameters/:key',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Change a parameter (omitted fields and masked secrets are kept)',
          params: ParameterParams,
          body: UpdateParameterBody,
          response: { 200: ParameterViewSchema, ...problems(401, 403, 404, 422) },
        },
      },
      async (request) => {
        const { confirm, ...rest } = request.body;
        const view = unwrap(
          await service.updateParameter(
            request.params.id,
            toChange(request.params.key, rest),
            confirm,
            await actorOf(request),
          ),
        );
        return toParameterView(view);
      },
    );

    app.delete(
      '/config/pods/:id/parameters/:key',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Unset a parameter (a well-known key falls back to its default)',
          params: ParameterParams,
          querystring: Type.Object(
            { confirm: Type.Optional(Type.String({ maxLength: 63 })) },
            { additionalProperties: false },
          ),
          response: { 204: { type: 'null', description: 'Unset' }, ...problems(401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        unwrap(
          await service.deleteParameter(
            request.params.id,
            request.params.key,
            request.query.confirm,
            await actorOf(request),
          ),
        );
        return reply.code(204).send(null);
      },
    );
  };
}
