import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { AppError, type FieldError, unwrap } from '../../platform/errors/app-error.js';
import { problems } from '../../platform/http/schemas.js';
import { admin, type ConfigRouteContext, PodParams, security, tags } from './config-routes.shared.js';
import {
  AuditEntry,
  AuditQuery,
  ConfigDocument,
  CreatePodBody,
  ImportQuery,
  ImportResponse,
  PodView,
  SwitchModeBody,
  toAuditEntry,
  toPodView,
  UpdatePodBody,
} from './platform-config.schema.js';
import type { ExportDocument } from './platform-config.service.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** `/config/pods`, one POD, switch-mode, audit, export and import. */
export function podRoutes(deps: ConfigRouteContext) {
  const { service, actorOf } = deps;

  return async function plugin(instance: FastifyInstance) {
    // Import accepts YAML as well as JSON; the text is parsed (and its errors reported) by the handler.
    instance.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/config/pods',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'PODs',
          response: { 200: Type.Object({ items: Type.Array(PodView) }), ...problems(401, 403) },
        },
      },
      async () => ({ items: (await service.listPods()).map((p) => toPodView(p, deps.currentPodId)) }),
    );

    app.post(
      '/config/pods',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Create a POD (in SANDBOX)',
          body: CreatePodBody,
          response: { 201: PodView, ...problems(401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const pod = unwrap(
          await service.createPod(
            { podId: b.pod_id, name: b.name, awsRegion: b.aws_region, featureFlags: b.feature_flags },
            await actorOf(request),
          ),
        );
        return reply.code(201).send(toPodView(pod, deps.currentPodId));
      },
    );

    app.get(
      '/config/pods/:id',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'One POD',
          params: PodParams,
          response: { 200: PodView, ...problems(401, 403, 404) },
        },
      },
      async (request) => toPodView(unwrap(await service.getPod(request.params.id)), deps.currentPodId),
    );

    app.put(
      '/config/pods/:id',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Rename a POD, set its region or feature flags (the mode changes only by switch-mode)',
          params: PodParams,
          body: UpdatePodBody,
          response: { 200: PodView, ...problems(401, 403, 404, 422) },
        },
      },
      async (request) => {
        const b = request.body;
        const pod = unwrap(
          await service.updatePod(
            request.params.id,
            { name: b.name, awsRegion: b.aws_region, featureFlags: b.feature_flags },
            await actorOf(request),
          ),
        );
        return toPodView(pod, deps.currentPodId);
      },
    );

    app.delete(
      '/config/pods/:id',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Delete a POD and its parameters (not the one this platform runs as)',
          params: PodParams,
          response: { 204: { type: 'null', description: 'Deleted' }, ...problems(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        unwrap(await service.deletePod(request.params.id, await actorOf(request)));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/config/pods/:id/switch-mode',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Switch SANDBOX ⇄ LIVE (to LIVE: confirm = pod_id, LIVE-required parameters set)',
          params: PodParams,
          body: SwitchModeBody,
          response: { 200: PodView, ...problems(401, 403, 404, 422) },
        },
      },
      async (request) => {
        const pod = unwrap(
          await service.switchMode(
            request.params.id,
            request.body.mode,
            request.body.confirm,
            await actorOf(request),
          ),
        );
        return toPodView(pod, deps.currentPodId);
      },
    );

    app.get(
      '/config/pods/:id/audit',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Configuration changes of a POD, newest first (secrets masked)',
          params: PodParams,
          querystring: AuditQuery,
          response: {
            200: Type.Object({
              items: Type.Array(AuditEntry),
              next_cursor: Type.Union([Type.String(), Type.Null()]),
            }),
            ...problems(400, 401, 403, 422),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const page = await service.auditPage({ podId: request.params.id, ...q });
        return { items: page.items.map(toAuditEntry), next_cursor: page.nextCursor };
      },
    );

    app.get(
      '/config/pods/:id/export',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'The POD and its parameters as JSON or YAML (secrets masked)',
          params: PodParams,
          querystring: Type.Object(
            { format: Type.Union([Type.Literal('json'), Type.Literal('yaml')], { default: 'json' }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Unknown({ description: 'The configuration document' }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const doc = unwrap(await service.exportDocument(request.params.id));
        const name = `gpubroker-${request.params.id}-config.${request.query.format}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
        if (request.query.format === 'yaml')
          return reply
            .type('application/yaml')
            .serializer((d) => toYaml(d))
            .send(doc);
        return reply
          .type('application/json')
          .serializer((d) => JSON.stringify(d, null, 2))
          .send(doc);
      },
    );

    app.post(
      '/config/pods/:id/import',
      {
        config: admin,
        schema: {
          tags,
          security,
          summary: 'Apply a JSON or YAML document all or nothing (dry_run=true: preview)',
          description:
            'Body: the document of GET …/export, as application/json or application/yaml. Masked secrets keep ' +
            'their value; parameters the document does not name are left alone. Every error is reported with its path.',
          params: PodParams,
          querystring: ImportQuery,
          response: { 200: ImportResponse, ...problems(401, 403, 404, 422) },
        },
      },
      async (request) => {
        const doc = parseDocument(request.body);
        const outcome = unwrap(
          await service.importDocument(request.params.id, doc.parameters, {
            dryRun: request.query.dry_run,
            confirm: request.query.confirm,
            actor: await actorOf(request),
          }),
        );
        return outcome;
      },
    );
  };
}

/** The body as a configuration document, or a 422 listing every shape problem with its path. */
function parseDocument(body: unknown): ExportDocument {
  let doc = body;
  if (typeof body === 'string') {
    try {
      doc = parseYaml(body, { maxAliasCount: 0 });
    } catch (err) {
      throw new AppError('validation_failed', {
        detail: 'The document is not valid YAML.',
        errors: [{ path: '/body', message: (err as Error).message.split('\n')[0] ?? 'is not valid YAML' }],
      });
    }
  }
  const errors: FieldError[] = [...Value.Errors(ConfigDocument, doc)].map((e) => ({
    path: e.instancePath || '/',
    message: e.message,
  }));
  if (errors.length > 0)
    throw new AppError('validation_failed', { detail: 'The document is not valid.', errors });
  return doc as ExportDocument;
}
