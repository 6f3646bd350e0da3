import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { type HealthDeps, healthRoutes } from '../modules/health/index.js';
import type { AppConfig } from '../platform/config/config.js';
import { AppError } from '../platform/errors/app-error.js';
import { type Metrics, registerHttpMetrics } from '../platform/http/metrics.js';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
  problemErrorHandler,
  sendProblem,
} from '../platform/http/problem.js';
import { createRequestIdGenerator, REQUEST_ID_HEADER } from '../platform/http/request-id.js';
import { registerSecurityHeaders } from '../platform/http/security-headers.js';
import type { IdGenerator } from '../platform/ids/ids.js';
import type { Logger } from '../platform/observability/logger.js';
import type { Tracing } from '../platform/observability/tracing.js';

export type App = FastifyInstance;

/** One registered route (a method of it): what tooling and the authorization-matrix test enumerate. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the server, in registration order (filled by an `onRoute` hook). */
    routeCatalog: readonly RegisteredRoute[];
  }
}

export interface ServerDeps {
  config: AppConfig;
  logger: Logger;
  ids: IdGenerator;
  metrics: Metrics;
  health: HealthDeps;
  /** Request spans when OpenTelemetry export is configured (no hooks at all when it is not). */
  tracing?: Tracing;
  /** Domain modules' route plugins, registered under `/api/v2` behind `accessControl`. */
  modules?: FastifyPluginAsync[];
  /**
   * Installs the access gate (identity module) on the `/api/v2` scope before any module
   * registers there, so every module route is authenticated unless it declares itself public.
   */
  accessControl?: (scope: FastifyInstance) => void;
  /** Route plugins that live at the root, outside `/api/v2` (e.g. `/.well-known/jwks.json`). */
  rootModules?: FastifyPluginAsync[];
  /** TLS material already read from `config.http.tls` (see `readTls`). */
  tls?: { cert: Buffer; key: Buffer } | null;
}

const API_PREFIX = '/api/v2';
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Reads the TLS certificate and key named by the config; null when TLS is not configured. */
export function readTls(config: AppConfig): { cert: Buffer; key: Buffer } | null {
  if (!config.http.tls) return null;
  return { cert: readFileSync(config.http.tls.certFile), key: readFileSync(config.http.tls.keyFile) };
}

/** Where the built web app is: `GPUBROKER_WEB_DIR`, else `dist/web` under the working directory. */
export function webDir(config: AppConfig): string | null {
  const dir = config.http.webDir ?? join(process.cwd(), 'dist', 'web');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Builds the HTTP server (not listening). Composition only: every route comes from a module's
 * routes plugin; every cross-cutting concern (errors, ids, metrics, security headers, docs) is
 * registered here once.
 */
export async function buildServer(deps: ServerDeps): Promise<App> {
  const { config } = deps;
  const options: FastifyServerOptions = {
    loggerInstance: deps.logger,
    genReqId: createRequestIdGenerator(deps.ids),
    requestIdHeader: false,
    // Probes hit these every few seconds; logging each would drown the useful lines.
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: (req) => QUIET_PATHS.has(req.url),
    }) as unknown as FastifyServerOptions['logController'],
    bodyLimit: config.http.bodyLimitBytes,
    // Only the configured load balancer may set the client address (rate limits key on it).
    trustProxy: config.http.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    ajv: {
      customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true },
    },
  };
  const tls = deps.tls ?? null;
  const app = (tls
    ? Fastify({
        ...options,
        https: { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.3' },
      } as FastifyServerOptions)
    : Fastify(options)
  ).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  deps.tracing?.registerFastify(app); // first, so every later hook runs inside the request span
  const routeCatalog: RegisteredRoute[] = [];
  app.decorate('routeCatalog', routeCatalog);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeCatalog.push({ method, url: route.url });
  });
  app.addSchema(ProblemSchema);
  app.setErrorHandler(problemErrorHandler);
  // Callback-style hooks: an async hook costs a promise per request on every route.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  // While draining, every response closes its connection: a keep-alive socket whose request was
  // in flight when shutdown began would otherwise hold the close until its idle timeout.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (deps.health.health.isDraining()) reply.header('connection', 'close');
    done(null, payload);
  });
  registerHttpMetrics(app, deps.metrics);

  registerSecurityHeaders(app);
  if (config.http.corsOrigins.length > 0) {
    const allowed = new Set(config.http.corsOrigins);
    await app.register(cors, {
      origin: (origin, cb) => cb(null, origin === undefined || allowed.has(origin)),
      credentials: true,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', REQUEST_ID_HEADER],
      exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
      maxAge: 600,
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'GPUBROKER API',
        version: '2.0.0',
        description: 'Find, deploy and pay for GPU pods across clouds. Errors are RFC 9457 problem+json.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'JWT access token or gpb_ API key' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  await app.register(healthRoutes(deps.health));
  for (const module of deps.rootModules ?? []) await app.register(module);
  await app.register(
    async (api) => {
      deps.accessControl?.(api);
      for (const module of deps.modules ?? []) await api.register(module);
    },
    { prefix: API_PREFIX },
  );

  const web = webDir(config);
  const indexHtml = web ? readFileSync(join(web, 'index.html'), 'utf8') : null;
  if (web) {
    await app.register(fastifyStatic, { root: web, wildcard: false, index: false, cacheControl: false });
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = path.startsWith('/api/') || path === '/metrics' || path.startsWith('/.well-known/');
    // Client-side routes of the single-page app fall back to its index.html.
    if (
      indexHtml &&
      !isApi &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      accepts(request.headers.accept, 'text/html')
    ) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    return sendProblem(
      reply,
      new AppError('not_found', { detail: `No route for ${request.method} ${path}` }),
    );
  });

  return app;
}

function accepts(header: string | undefined, type: string): boolean {
  return header?.includes(type) === true;
}

export { PROBLEM_CONTENT_TYPE };
