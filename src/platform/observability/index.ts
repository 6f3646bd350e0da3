// The public face of observability: JSON logs and OpenTelemetry tracing. Metrics live with the
// HTTP layer (src/platform/http/metrics.ts).
export { createLogger, type Logger, REDACT_PATHS } from './logger.js';
export {
  type Attributes,
  createTracing,
  otlpTracesUrl,
  type Span,
  type SpanExporter,
  SpanKind,
  type Tracer,
  type Tracing,
  type TracingOptions,
} from './tracing.js';
