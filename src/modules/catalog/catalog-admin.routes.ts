import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.js';
import { problems } from '../../platform/http/schemas.js';
import { ImportResultSchema, SyncReportSchema, UnmappedSchema } from './catalog.schema.js';
import type { CatalogImport } from './catalog-import.service.js';
import type { CatalogStatus } from './catalog-status.service.js';
import type { SyncReport } from './catalog-sync.service.js';

const tags = ['admin'];
const admin = { auth: { roles: ['pod_admin'] as const } };
/** The largest catalog file accepted (the AWS catalog, every region and CPU type, is about 2 MiB). */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/** `/admin/catalog/**`: catalog-file imports, unmapped GPU names, an on-demand provider sync (pod_admin). */
export function catalogAdminRoutes(deps: {
  imports: CatalogImport;
  status: Pick<CatalogStatus, 'unmapped'>;
  syncNow(provider: string): Promise<SyncReport | null>;
}) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Catalog files arrive as the raw CSV (curl --data-binary @aws.csv -H 'content-type: text/csv').
    app.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/admin/catalog/import',
      {
        config: admin,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          security: [{ bearer: [] }],
          summary: "Import a provider's catalog file (SkyPilot or gpuhunt CSV), replacing its offers",
          querystring: Type.Object(
            {
              provider: Type.String({ minLength: 1, maxLength: 40 }),
              format: Type.Union([Type.Literal('skypilot'), Type.Literal('gpuhunt')]),
            },
            { additionalProperties: false },
          ),
          body: {
            content: {
              'text/csv': { schema: Type.String({ minLength: 1 }) },
              'text/plain': { schema: Type.String({ minLength: 1 }) },
            },
          },
          response: { 200: ImportResultSchema, ...problems(400, 401, 403, 413, 415, 422) },
        },
      },
      async (request) => {
        const text = request.body as unknown;
        if (typeof text !== 'string')
          throw new AppError('validation_failed', { detail: 'send the CSV as text/csv' });
        return deps.imports.importFile({
          provider: request.query.provider,
          format: request.query.format,
          text,
        });
      },
    );

    app.get(
      '/admin/catalog/unmapped',
      {
        config: admin,
        schema: {
          tags,
          security: [{ bearer: [] }],
          summary: 'GPU names no canonical model matched, per provider (offers kept with the raw name)',
          response: { 200: UnmappedSchema, ...problems(401, 403) },
        },
      },
      async () => deps.status.unmapped(),
    );

    app.post(
      '/admin/catalog/providers/:id/sync',
      {
        config: admin,
        schema: {
          tags,
          security: [{ bearer: [] }],
          summary: "Refresh one provider's offers now (bypasses the 60 s pricing cache)",
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }),
          response: { 200: SyncReportSchema, ...problems(401, 403, 404) },
        },
      },
      async (request) => {
        const report = await deps.syncNow(request.params.id);
        if (!report) throw new AppError('not_found', { detail: 'No provider adapter with this id.' });
        return {
          provider: report.provider,
          ok: report.ok,
          error: report.error,
          duration_ms: report.durationMs,
          received: report.received,
          inserted: report.inserted,
          updated: report.updated,
          unchanged: report.unchanged,
          removed: report.removed,
          price_changes: report.priceChanges,
          unmapped: report.unmapped,
          rejected: report.rejected,
          circuit: report.circuit,
          status: report.status,
        };
      },
    );
  };
}
