import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PageQuery, problems } from '../../platform/http/schemas.js';
import {
  FeaturedSchema,
  GpuSchema,
  OfferSchema,
  OffersQuery,
  PriceHistorySchema,
  ProviderSchema,
  ResolveQuery,
  ResolveSchema,
} from './catalog.schema.js';
import type { CatalogQuery } from './catalog-query.service.js';
import type { CatalogStatus } from './catalog-status.service.js';

const tags = ['catalog'];
/** Anyone may browse; a signed-in caller sees its plan's price (`price_per_hour_with_markup`). */
const optional = { auth: 'optional' as const };
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The public catalog: providers, GPU models, offers (filters, sorts, best value), price history. */
export function catalogRoutes(deps: {
  query: CatalogQuery;
  status: Pick<CatalogStatus, 'providers'>;
  /** Markup in percent for the caller (its plan; the free plan for anonymous callers). */
  markupFor(request: FastifyRequest): number;
  now(): Date;
}) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const security: Array<Record<string, string[]>> = [{}, { bearer: [] }];

    app.get(
      '/providers',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Providers with health, circuit state, last sync and offer counts',
          response: { 200: Type.Object({ items: Type.Array(ProviderSchema) }) },
        },
      },
      async () => ({ items: await deps.status.providers() }),
    );

    app.get(
      '/providers/featured',
      {
        config: optional,
        schema: {
          tags,
          security,
          summary: 'Best current price per popular GPU model (cacheable for 60 s)',
          response: { 200: FeaturedSchema, ...problems(401) },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', request.principal ? 'private, max-age=60' : 'public, max-age=60');
        return deps.query.featured(deps.markupFor(request), deps.now());
      },
    );

    app.get(
      '/gpus',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Canonical GPU models with published specifications',
          response: { 200: Type.Object({ items: Type.Array(GpuSchema) }) },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=3600');
        return deps.query.gpus();
      },
    );

    app.get(
      '/gpus/resolve',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'The canonical model of a provider GPU name',
          querystring: ResolveQuery,
          response: { 200: ResolveSchema, ...problems(400, 422) },
        },
      },
      async (request) => deps.query.resolve(request.query),
    );

    app.get(
      '/offers',
      {
        config: optional,
        schema: {
          tags,
          security,
          summary:
            'Offers across providers: filters, sorts (price, performance, availability, value), cursor',
          querystring: OffersQuery,
          response: {
            200: Type.Object({
              items: Type.Array(OfferSchema),
              next_cursor: Type.Union([Type.String(), Type.Null()]),
            }),
            ...problems(400, 401, 422),
          },
        },
      },
      // Sent as the JSON the query service assembles from per-offer cached JSON (the schema above
      // documents it; Fastify does not serialize a Buffer again).
      async (request, reply) =>
        (reply as FastifyReply)
          .type('application/json; charset=utf-8')
          .send(deps.query.offersJson(request.query, deps.markupFor(request))),
    );

    app.get(
      '/offers/:id',
      {
        config: optional,
        schema: {
          tags,
          security,
          summary: 'One offer',
          params: IdParams,
          response: { 200: OfferSchema, ...problems(401, 404) },
        },
      },
      async (request) => deps.query.offer(request.params.id, deps.markupFor(request)),
    );

    app.get(
      '/offers/:id/price-history',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Price observations of an offer, newest first',
          params: IdParams,
          querystring: PageQuery({}),
          response: { 200: PriceHistorySchema, ...problems(400, 404, 422) },
        },
      },
      async (request) => deps.query.priceHistory(request.params.id, request.query),
    );
  };
}
