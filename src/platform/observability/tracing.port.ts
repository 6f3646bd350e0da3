import type { Attributes, Span, SpanKind, Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

export type { Attributes, Span, Tracer } from '@opentelemetry/api';

/**
 * Distributed tracing (OpenTelemetry, exported over OTLP/HTTP). Disabled unless
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set; disabled tracing costs nothing per request and every
 * method still works (spans are non-recording, `withSpan` just runs `fn`).
 */
export interface Tracing {
  /** True when spans are recorded and exported. */
  readonly enabled: boolean;
  /**
   * The raw OTel tracer, for cases `withSpan` does not fit. Spans it starts nest under the
   * request span only through the context API (`startActiveSpan`, or `startSpan` with
   * `context.active()`), which this module wires to the same async context as `withSpan`.
   */
  readonly tracer: Tracer;
  /**
   * Adds the request hooks: one SERVER span per request, named `METHOD /route/:pattern`
   * (`METHOD unmatched` when no route matched — never the raw URL), child of the caller's
   * W3C `traceparent` when present, active while the request's hooks and handler run, and
   * `trace_id`/`span_id` on `request.log`. Call on the root instance before any route or
   * other hook is registered, so the span covers every hook. Adds nothing when disabled.
   */
  registerFastify(app: FastifyInstance): void;
  /**
   * Runs `fn` inside a new span (a child of the active span: the request's, or an enclosing
   * `withSpan`'s) and ends it when `fn` settles. A throw is recorded on the span (status ERROR)
   * and rethrown. `attributes` follow OTel semantic conventions where one exists
   * (`db.system.name`, `server.address`…), else `gpubroker.*`.
   */
  withSpan<T>(
    name: string,
    attributes: Attributes,
    fn: (span: Span) => Promise<T> | T,
    options?: { kind?: SpanKind },
  ): Promise<T>;
  /**
   * W3C trace-context headers (`traceparent`, and `tracestate` when set) for the active span,
   * to send on an outgoing HTTP call so the callee joins the trace. Empty when disabled or
   * when no span is active.
   */
  outgoingHeaders(): Record<string, string>;
  /**
   * Exports every ended span now (the batch exporter otherwise sends every few seconds).
   * Never rejects: a failed export is reported to the logger and its spans are lost.
   */
  forceFlush(): Promise<void>;
  /**
   * Flushes pending spans and stops exporting; later spans are dropped. Call after the HTTP
   * server has closed, so the last requests' spans are sent. Takes at most the exporter's
   * timeout (10 s, retries included) when the collector is unreachable. Never rejects;
   * idempotent.
   */
  shutdown(): Promise<void>;
}
