import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Page, PageQuery, problems } from '../../platform/http/schemas.js';
import { type Principal, principalOf } from '../identity/index.js';
import type { DeployService } from './deploy.service.js';
import type { DraftsService } from './drafts.service.js';
import { requestHash } from './idempotency.repo.js';
import type { PodActions } from './pod-actions.service.js';
import { POD_STATUSES } from './pod-state.js';
import type { PodView } from './pod-views.js';
import {
  ActivityItem,
  DashboardSchema,
  DraftBody,
  DraftSchema,
  EstimateBody,
  EstimateSchema,
  PodEnvelope,
  PodSchema,
} from './pods.schema.js';

const tags = ['pods'];
const security = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Repeats with the same key and body replay the first answer',
    }),
  ),
});

/** `/pods/**`, `/dashboard` and `/activity`: the caller's own pods (another user's is a 404). */
export function podsRoutes(deps: {
  drafts: DraftsService;
  deploy: DeployService;
  actions: PodActions;
  pods: {
    view(userId: string, id: string): Promise<PodView>;
    list(
      userId: string,
      q: { limit: number; cursor?: string; status?: (typeof POD_STATUSES)[number] },
    ): Promise<unknown>;
    viewOf(pod: { id: string; userId: string }): Promise<PodView>;
  };
  dashboard: {
    dashboard(userId: string): Promise<unknown>;
    activity(userId: string, q: { limit: number; cursor?: string }): Promise<unknown>;
  };
}) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const me = (request: Parameters<typeof principalOf>[0]): Principal => principalOf(request);

    app.post(
      '/pods/estimate',
      {
        config: { auth: 'optional' },
        schema: {
          tags,
          security: [{}, { bearer: [] }],
          summary: 'Cost of an offer per hour, day and month for the caller (plan markup, storage)',
          body: EstimateBody,
          response: { 200: EstimateSchema, ...problems(401, 422) },
        },
      },
      async (request) => deps.drafts.estimate(request.principal ?? null, request.body),
    );

    app.post(
      '/pods/drafts',
      {
        schema: {
          tags,
          security,
          summary: 'Configure a pod from an offer',
          body: DraftBody,
          response: { 201: DraftSchema, ...problems(401, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.drafts.create(me(request), request.body)),
    );
    app.get(
      '/pods/drafts',
      {
        schema: {
          tags,
          security,
          summary: 'Your drafts, newest first',
          querystring: PageQuery({}),
          response: { 200: Page(DraftSchema), ...problems(400, 401) },
        },
      },
      async (request) => deps.drafts.list(me(request), request.query),
    );
    app.get(
      '/pods/drafts/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One draft',
          params: IdParams,
          response: { 200: DraftSchema, ...problems(401, 404) },
        },
      },
      async (request) => deps.drafts.get(me(request), request.params.id),
    );
    app.put(
      '/pods/drafts/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Replace a draft',
          params: IdParams,
          body: DraftBody,
          response: { 200: DraftSchema, ...problems(401, 404, 422) },
        },
      },
      async (request) => deps.drafts.update(me(request), request.params.id, request.body),
    );
    app.delete(
      '/pods/drafts/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a draft',
          params: IdParams,
          response: { 204: Type.Null(), ...problems(401, 404) },
        },
      },
      async (request, reply) => {
        await deps.drafts.remove(me(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/pods/drafts/:id/deploy',
      {
        schema: {
          tags,
          security,
          summary: 'Deploy a draft: 202 with the pod (pending); provisioning continues in the background',
          params: IdParams,
          headers: IdempotencyHeaders,
          response: { 202: PodEnvelope, ...problems(401, 403, 404, 409, 422, 503) },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const hash = requestHash('pods.deploy', { draft_id: request.params.id, body: request.body ?? null });
        const result = await deps.deploy.deploy(me(request), request.params.id, key, hash);
        // A replay answers with the stored status (202 today: only accepted deploys are stored).
        return reply.code(result.statusCode as 202).send(result.body as never);
      },
    );

    app.get(
      '/pods',
      {
        schema: {
          tags,
          security,
          summary: 'Your pods, newest first',
          querystring: PageQuery({
            status: Type.Optional(
              Type.Unsafe<(typeof POD_STATUSES)[number]>({ type: 'string', enum: [...POD_STATUSES] }),
            ),
          }),
          response: { 200: Page(PodSchema), ...problems(400, 401) },
        },
      },
      async (request) => deps.pods.list(me(request).userId, request.query) as never,
    );
    app.get(
      '/pods/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One pod with its status history',
          params: IdParams,
          response: { 200: PodSchema, ...problems(401, 404) },
        },
      },
      async (request) => deps.pods.view(me(request).userId, request.params.id),
    );

    app.post(
      '/pods/activate',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary:
            'Activate a ready pod with the e-mailed token: starts it and returns its connection details',
          body: Type.Object(
            { token: Type.String({ minLength: 10, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: { 200: PodEnvelope, ...problems(410, 422, 503) },
        },
      },
      async (request) => ({ pod: await deps.pods.viewOf(await deps.actions.activate(request.body.token)) }),
    );

    app.post(
      '/pods/:id/activation',
      {
        schema: {
          tags,
          security,
          summary: 'E-mail a new activation link for a ready pod',
          params: IdParams,
          response: { 202: PodEnvelope, ...problems(401, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(202).send({
          pod: await deps.pods.viewOf(
            await deps.actions.resendActivation(request.params.id, me(request).userId),
          ),
        }),
    );

    for (const action of ['stop', 'start'] as const) {
      app.post(
        `/pods/:id/${action}`,
        {
          schema: {
            tags,
            security,
            summary: `${action === 'stop' ? 'Stop' : 'Start'} a pod`,
            params: IdParams,
            response: { 200: PodEnvelope, ...problems(401, 404, 409, 503) },
          },
        },
        async (request) => ({
          pod: await deps.pods.viewOf(await deps.actions[action](request.params.id, me(request).userId)),
        }),
      );
    }
    app.delete(
      '/pods/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Terminate a pod (final usage recorded)',
          params: IdParams,
          response: { 200: PodEnvelope, ...problems(401, 404, 409, 503) },
        },
      },
      async (request) => ({
        pod: await deps.pods.viewOf(await deps.actions.terminate(request.params.id, me(request).userId)),
      }),
    );

    app.get(
      '/dashboard',
      {
        schema: {
          tags: ['dashboard'],
          security,
          summary: 'Your pods, spend, provider health and recent activity',
          response: { 200: DashboardSchema, ...problems(401) },
        },
      },
      async (request) => deps.dashboard.dashboard(me(request).userId) as never,
    );
    app.get(
      '/activity',
      {
        schema: {
          tags: ['dashboard'],
          security,
          summary: 'Your actions, newest first',
          querystring: PageQuery({}),
          response: { 200: Page(ActivityItem), ...problems(400, 401) },
        },
      },
      async (request) => deps.dashboard.activity(me(request).userId, request.query) as never,
    );
  };
}
