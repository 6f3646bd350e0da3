import {
  type Attributes,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TraceContexts } from './trace-context.js';

export const ATTR_GPUBROKER_REQUEST_ID = 'gpubroker.request_id';
export const ATTR_GPUBROKER_ABORTED = 'gpubroker.request.aborted';

interface RequestSpan {
  span: Span;
  /** What the handler threw, kept until the status code says whether it was a server fault. */
  error: unknown;
}

/**
 * The request-span hooks behind `Tracing.registerFastify`. All callback-style: an async hook
 * costs a promise per request on every route.
 */
export function registerRequestSpans(
  app: FastifyInstance,
  deps: { tracer: Tracer; contexts: TraceContexts; propagator: TextMapPropagator },
): void {
  const { tracer, contexts, propagator } = deps;
  const spans = new WeakMap<FastifyRequest, RequestSpan>();

  app.addHook('onRequest', (request, reply, done) => {
    // Extracted onto the root context, never the active one: with keep-alive the connection's
    // async context still holds the previous request's span until this hook replaces it.
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      `${request.method} ${route ?? 'unmatched'}`,
      { kind: SpanKind.SERVER, attributes: requestAttributes(request, route) },
      parent,
    );
    spans.set(request, { span, error: undefined });
    // Hooks and the handler run as separate calls; entering (rather than wrapping one call)
    // keeps the span active through body parsing, preHandler hooks, the handler and what
    // they spawn.
    contexts.enter(trace.setSpan(parent, span));
    const { traceId, spanId } = span.spanContext();
    request.log = request.log.child({ trace_id: traceId, span_id: spanId });
    // Fastify logs "request completed" through reply.log, a separate reference.
    reply.log = request.log;
    done();
  });

  app.addHook('onError', (request, _reply, error, done) => {
    const entry = spans.get(request);
    if (entry) {
      entry.error = error;
      entry.span.recordException(error);
    }
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const entry = spans.get(request);
    if (entry?.span.isRecording()) {
      const status = reply.statusCode;
      entry.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      // Server spans: 4xx is the client's mistake, only 5xx marks the span failed (semconv).
      if (status >= 500) {
        entry.span.setAttribute(ATTR_ERROR_TYPE, errorType(entry.error) ?? String(status));
        entry.span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(entry.error) });
      }
      entry.span.end();
    }
    done();
  });

  // The client went away before the response finished: onResponse may never run, so the span
  // ends here. Not a server fault, so the status stays unset.
  app.addHook('onRequestAbort', (request, done) => {
    const entry = spans.get(request);
    if (entry?.span.isRecording()) {
      entry.span.setAttribute(ATTR_GPUBROKER_ABORTED, true);
      entry.span.addEvent('request aborted by client');
      entry.span.end();
    }
    done();
  });
}

function requestAttributes(request: FastifyRequest, route: string | undefined): Attributes {
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: request.method,
    // Path only: query strings may carry tokens.
    [ATTR_URL_PATH]: pathOf(request.url),
    [ATTR_URL_SCHEME]: request.protocol,
    [ATTR_NETWORK_PROTOCOL_VERSION]: request.raw.httpVersion,
    [ATTR_CLIENT_ADDRESS]: request.ip,
    [ATTR_GPUBROKER_REQUEST_ID]: String(request.id),
  };
  if (route !== undefined) attributes[ATTR_HTTP_ROUTE] = route;
  const host = request.hostname;
  if (host) attributes[ATTR_SERVER_ADDRESS] = host;
  const port = request.port;
  if (port) attributes[ATTR_SERVER_PORT] = port;
  const userAgent = request.headers['user-agent'];
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  return attributes;
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function errorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

function errorMessage(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}
