import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.js';
import { Page, PageQuery, problems } from '../../platform/http/schemas.js';
import { principalOf } from '../identity/index.js';
import {
  AddCardBody,
  CardSchema,
  CardsResponse,
  CurrentSubscription,
  InvoiceDetail,
  InvoiceSchema,
  PlansResponse,
  SetupIntentResponse,
  SpendCapBody,
  SubscribeBody,
  SubscriptionEnvelope,
  SummarySchema,
  UsageQuery,
  UsageRecordSchema,
} from './billing.schema.js';
import type { BillingApi } from './billing-api.js';

const tags = ['billing'];
const security = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

/** `/billing/**` (API.md § Billing): the caller's own plan, cards, usage and invoices. */
export function billingRoutes(api: BillingApi) {
  return async function plugin(instance: FastifyInstance) {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const me = (request: Parameters<typeof principalOf>[0]) => principalOf(request).userId;

    app.get(
      '/billing/plans',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Plans with prices, markup, features and limits',
          response: { 200: PlansResponse, ...problems(503) },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=60');
        return api.plans();
      },
    );

    app.post(
      '/billing/setup-intent',
      {
        schema: {
          tags,
          security,
          summary: 'Start saving a card (Stripe Elements in LIVE)',
          response: { 200: SetupIntentResponse, ...problems(401, 503) },
        },
      },
      async (request) => api.setupIntent(me(request)),
    );

    app.get(
      '/billing/payment-methods',
      {
        schema: { tags, security, summary: 'Your cards', response: { 200: CardsResponse, ...problems(401) } },
      },
      async (request) => api.cards(me(request)),
    );

    app.post(
      '/billing/payment-methods',
      {
        schema: {
          tags,
          security,
          summary: 'Save a card: a Stripe test card in SANDBOX, a confirmed payment method in LIVE',
          body: AddCardBody,
          response: { 201: CardSchema, ...problems(401, 402, 422, 503) },
        },
      },
      async (request, reply) => reply.code(201).send(await api.addCard(me(request), request.body)),
    );

    app.post(
      '/billing/subscribe',
      {
        schema: {
          tags,
          security,
          summary: 'Subscribe to a plan, or change plan (prorated); the same plan again changes nothing',
          headers: IdempotencyHeaders,
          body: SubscribeBody,
          response: {
            200: SubscriptionEnvelope,
            201: SubscriptionEnvelope,
            ...problems(401, 402, 409, 422, 503),
          },
        },
      },
      async (request, reply) => {
        const result = await api.subscribe(me(request), request.body, request.headers['idempotency-key']);
        return reply.code(result.statusCode as 201).send(result.body as never);
      },
    );

    app.get(
      '/billing/subscription',
      {
        schema: {
          tags,
          security,
          summary: 'Your plan and subscription',
          response: { 200: CurrentSubscription, ...problems(401) },
        },
      },
      async (request) => api.subscription(me(request)),
    );

    for (const [path, cancel, summary] of [
      ['/billing/subscription/cancel', true, 'Cancel at the end of the period (the plan stays until then)'],
      ['/billing/subscription/resume', false, 'Keep a subscription that was set to cancel'],
    ] as const)
      app.post(
        path,
        {
          schema: {
            tags,
            security,
            summary,
            response: { 200: SubscriptionEnvelope, ...problems(401, 404, 503) },
          },
        },
        async (request) => api.setCancel(me(request), cancel),
      );

    app.get(
      '/billing/usage',
      {
        schema: {
          tags,
          security,
          summary: 'Metered usage records (per pod interval), newest first; default: this month',
          querystring: UsageQuery,
          response: { 200: Page(UsageRecordSchema), ...problems(400, 401) },
        },
      },
      async (request) => api.usage(me(request), request.query),
    );

    app.get(
      '/billing/summary',
      {
        schema: {
          tags,
          security,
          summary: 'Month-to-date and projected spend, breakdowns, cap, payment state',
          response: { 200: SummarySchema, ...problems(401) },
        },
      },
      async (request) => api.summary(me(request)),
    );

    app.put(
      '/billing/spend-cap',
      {
        schema: {
          tags,
          security,
          summary: 'Set (or clear, with null) your monthly spend cap',
          body: SpendCapBody,
          response: { 200: SummarySchema, ...problems(401, 422) },
        },
      },
      async (request) => api.setCap(me(request), request.body.monthly_limit),
    );

    app.get(
      '/billing/invoices',
      {
        schema: {
          tags,
          security,
          summary: 'Your invoices, newest first',
          querystring: PageQuery({}),
          response: { 200: Page(InvoiceSchema), ...problems(400, 401) },
        },
      },
      async (request) => api.invoices(me(request), request.query),
    );

    app.get(
      '/billing/invoices/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One invoice with its lines',
          params: IdParams,
          response: { 200: InvoiceDetail, ...problems(401, 404) },
        },
      },
      async (request) => api.invoice(me(request), request.params.id),
    );

    app.get(
      '/billing/invoices/:id/html',
      {
        schema: {
          tags,
          security,
          summary: 'The invoice as a printable HTML document (download)',
          params: IdParams,
          response: {
            200: {
              description: 'The invoice document',
              content: { 'text/html': { schema: Type.String() } },
            },
            ...problems(401, 404),
          },
        },
      },
      async (request, reply) => {
        const { number, body } = await api.invoiceHtml(me(request), request.params.id);
        return reply
          .type('text/html; charset=utf-8')
          .header('content-disposition', `inline; filename="invoice-${number}.html"`)
          .send(body);
      },
    );

    app.post(
      '/billing/invoices/:id/pay',
      {
        schema: {
          tags,
          security,
          summary: 'Pay an open invoice now with your default card',
          params: IdParams,
          response: { 200: InvoiceDetail, ...problems(401, 402, 404, 409, 503) },
        },
      },
      async (request) => api.payInvoice(me(request), request.params.id),
    );

    // Stripe signs the exact bytes it sent: this route alone keeps the body raw.
    await app.register(async (scope) => {
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
        done(null, body),
      );
      scope.post(
        '/billing/webhooks/stripe',
        {
          config: { auth: 'public' },
          schema: {
            tags,
            summary: 'Stripe webhook (Stripe-signed events only)',
            response: {
              200: Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean() }),
              ...problems(400, 503),
            },
          },
        },
        async (request) => {
          const signature = request.headers['stripe-signature'];
          if (!Buffer.isBuffer(request.body))
            throw new AppError('bad_request', { detail: 'Expected a JSON body.' });
          return api.webhook(request.body, typeof signature === 'string' ? signature : undefined);
        },
      );
    });
  };
}
