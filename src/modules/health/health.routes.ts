import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.js';
import { sendProblem } from '../../platform/http/problem.js';
import { problems } from '../../platform/http/schemas.js';
import type { HealthService } from './health.service.js';

const CheckSchema = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  latency_ms: Type.Number(),
  error: Type.Optional(Type.String()),
});

const ReadySchema = Type.Object({
  status: Type.Literal('ready'),
  checks: Type.Record(Type.String(), CheckSchema),
});

export function healthRoutes(deps: { health: HealthService }) {
  return async function plugin(app: FastifyInstance) {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness: the process is up and serving HTTP',
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary: 'Readiness: database, cache and event bus reachable; 503 while draining',
          response: { 200: ReadySchema, ...problems(503) },
        },
      },
      async (_request, reply) => {
        const result = await deps.health.readiness();
        if (result.ready) return { status: 'ready' as const, checks: result.checks };
        const down = Object.entries(result.checks)
          .filter(([, c]) => c.status === 'down')
          .map(([name]) => name);
        const detail = result.draining
          ? 'The instance is shutting down.'
          : `Unreachable: ${down.join(', ')}.`;
        return sendProblem(
          reply,
          new AppError('service_unavailable', {
            detail,
            retryAfterSeconds: 5,
            extensions: { checks: result.checks },
          }),
        );
      },
    );
  };
}
