import { randomUUID } from 'node:crypto';
import {
  DiagLogLevel,
  defaultTextMapSetter,
  diag,
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import type { Logger } from './logger.js';
import { registerGlobalTraceContexts, traceContexts } from './trace-context.js';
import type { Tracing } from './tracing.port.js';
import { registerRequestSpans } from './tracing-fastify.js';

export { SpanKind } from '@opentelemetry/api';
export type { SpanExporter } from '@opentelemetry/sdk-trace-base';
export type { Attributes, Span, Tracer, Tracing } from './tracing.port.js';

export const ATTR_GPUBROKER_POD_ID = 'gpubroker.pod_id';
const TRACER_NAME = 'gpubroker';

export interface TracingOptions {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT` (`config.otel.endpoint`): the collector's base URL. */
  endpoint: string | undefined;
  serviceName?: string;
  /** The POD (platform deployment) this process serves: the spans' deployment environment. */
  podId: string;
  version?: string;
  /** Where spans go instead of OTLP/HTTP (tests, another protocol); enables tracing by itself. */
  exporter?: SpanExporter;
  /**
   * Receives the SDK's own warnings and errors (a collector that refuses or cannot be reached,
   * spans dropped because the queue is full), which are otherwise silent.
   */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

/**
 * The OTLP/HTTP traces URL for a collector base URL: `/v1/traces` appended to its path, as the
 * OTLP exporter spec says for `OTEL_EXPORTER_OTLP_ENDPOINT`. A URL that already ends with
 * `/v1/traces` (a signal-specific endpoint given by mistake) is kept as it is.
 */
export function otlpTracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1/traces') ? path : `${path}/v1/traces`;
  return url.toString();
}

/**
 * Builds the process's tracing: recording and exporting (batched, OTLP/HTTP JSON to
 * `${endpoint}/v1/traces`) when `endpoint` or `exporter` is given, a no-op otherwise.
 * Does not register a global tracer provider (one per process, and tests build several); code
 * that wants spans uses this object.
 */
export function createTracing(opts: TracingOptions): Tracing {
  const exporter =
    opts.exporter ?? (opts.endpoint ? new OTLPTraceExporter({ url: otlpTracesUrl(opts.endpoint) }) : null);
  if (!exporter) return disabledTracing();

  if (opts.logger) {
    diag.setLogger(diagLogger(opts.logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  }
  registerGlobalTraceContexts();
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: opts.serviceName ?? 'gpubroker',
        ...(opts.version ? { [ATTR_SERVICE_VERSION]: opts.version } : {}),
        [ATTR_SERVICE_INSTANCE_ID]: randomUUID(),
        [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: opts.podId,
        [ATTR_GPUBROKER_POD_ID]: opts.podId,
      }),
    ),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer(TRACER_NAME, opts.version);
  const propagator = new W3CTraceContextPropagator();
  let stopped: Promise<void> | null = null;
  // A collector that is down must not fail the caller (a shutdown above all): the spans are lost.
  const lost = (step: string) => (err: unknown) => {
    opts.logger?.warn({ err }, `tracing ${step} failed, spans lost`);
  };

  return {
    enabled: true,
    tracer,
    registerFastify(app) {
      registerRequestSpans(app, { tracer, contexts: traceContexts, propagator });
    },
    withSpan(name, attributes, fn, options) {
      const parent = traceContexts.active();
      const span = tracer.startSpan(name, { attributes, kind: options?.kind }, parent);
      return traceContexts.with(trace.setSpan(parent, span), () => runInSpan(span, fn));
    },
    outgoingHeaders() {
      const headers: Record<string, string> = {};
      propagator.inject(traceContexts.active(), headers, defaultTextMapSetter);
      return headers;
    },
    forceFlush: () => provider.forceFlush().catch(lost('flush')),
    shutdown() {
      stopped ??= provider.shutdown().catch(lost('shutdown'));
      return stopped;
    },
  };
}

async function runInSpan<T>(span: Span, fn: (span: Span) => Promise<T> | T): Promise<T> {
  try {
    return await fn(span);
  } catch (err) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

/** A tracer that is not the global proxy: stays a no-op even if something registers a provider. */
const NOOP_TRACER = new ProxyTracerProvider().getTracer(TRACER_NAME);
const NOOP_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

function disabledTracing(): Tracing {
  return {
    enabled: false,
    tracer: NOOP_TRACER,
    registerFastify() {},
    async withSpan(_name, _attributes, fn) {
      return fn(NOOP_SPAN);
    },
    outgoingHeaders: () => ({}),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

function diagLogger(logger: Pick<Logger, 'warn' | 'error'>) {
  const at =
    (level: 'warn' | 'error') =>
    (message: string, ...args: unknown[]) =>
      logger[level]({ otel: args.length > 0 ? args.map(String) : undefined }, `opentelemetry: ${message}`);
  const ignore = () => {};
  return { error: at('error'), warn: at('warn'), info: ignore, debug: ignore, verbose: ignore };
}
