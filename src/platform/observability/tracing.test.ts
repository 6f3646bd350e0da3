import { context, diag, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { createTracing, otlpTracesUrl } from './tracing.js';

describe('otlpTracesUrl', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['https://otlp.example.com/prefix', 'https://otlp.example.com/prefix/v1/traces'],
    ['https://otlp.example.com/prefix/', 'https://otlp.example.com/prefix/v1/traces'],
    ['http://collector:4318/v1/traces', 'http://collector:4318/v1/traces'],
  ])('%s → %s', (endpoint, url) => {
    expect(otlpTracesUrl(endpoint)).toBe(url);
  });
});

describe('createTracing without an endpoint', () => {
  const tracing = createTracing({ endpoint: undefined, podId: 'test' });

  it('is disabled and adds no request hooks', () => {
    expect(tracing.enabled).toBe(false);
    const app = Fastify();
    const addHook = vi.spyOn(app, 'addHook');
    tracing.registerFastify(app);
    expect(addHook).not.toHaveBeenCalled();
  });

  it('still runs withSpan bodies, with a span that records nothing', async () => {
    const seen = await tracing.withSpan('x', { a: 1 }, (span) => span.isRecording());
    expect(seen).toBe(false);
    await expect(
      tracing.withSpan('x', {}, () => {
        throw new Error('passes through');
      }),
    ).rejects.toThrow('passes through');
    expect(tracing.tracer.startSpan('raw').isRecording()).toBe(false);
    expect(tracing.outgoingHeaders()).toEqual({});
    await expect(tracing.shutdown()).resolves.toBeUndefined();
  });
});

describe('createTracing with an exporter', () => {
  function setup() {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ endpoint: undefined, podId: 'pod-a', version: '1.2.3', exporter });
    const finished = async () => {
      await tracing.forceFlush();
      return exporter.getFinishedSpans();
    };
    return { tracing, finished };
  }

  it('is enabled and registers the four request hooks', () => {
    const { tracing } = setup();
    expect(tracing.enabled).toBe(true);
    const app = Fastify();
    const addHook = vi.spyOn(app, 'addHook');
    tracing.registerFastify(app);
    expect(addHook.mock.calls.map((c) => c[0]).sort()).toEqual([
      'onError',
      'onRequest',
      'onRequestAbort',
      'onResponse',
    ]);
  });

  it('nests withSpan calls and raw tracer spans under the active span', async () => {
    const { tracing, finished } = setup();
    const result = await tracing.withSpan('outer', { 'test.k': 'v' }, async () => {
      await tracing.withSpan('inner', {}, async () => {}, { kind: SpanKind.CLIENT });
      tracing.tracer.startActiveSpan('raw', (span) => span.end());
      return 7;
    });
    expect(result).toBe(7);
    const spans = await finished();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const outer = byName.get('outer');
    expect(outer?.parentSpanContext).toBeUndefined();
    expect(outer?.attributes).toEqual({ 'test.k': 'v' });
    expect(outer?.resource.attributes).toMatchObject({
      'service.name': 'gpubroker',
      'service.version': '1.2.3',
      'gpubroker.pod_id': 'pod-a',
    });
    for (const child of ['inner', 'raw']) {
      expect(byName.get(child)?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
      expect(byName.get(child)?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    }
    expect(byName.get('inner')?.kind).toBe(SpanKind.CLIENT);
    // Leaving withSpan restores the previous context.
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('records a throw on the span, ends it and rethrows', async () => {
    const { tracing, finished } = setup();
    await expect(
      tracing.withSpan('failing', {}, async () => {
        throw new TypeError('bad input');
      }),
    ).rejects.toThrow('bad input');
    const [span] = await finished();
    expect(span?.name).toBe('failing');
    expect(span?.status).toEqual({ code: 2, message: 'bad input' });
    expect(span?.events.map((e) => [e.name, e.attributes?.['exception.type']])).toEqual([
      ['exception', 'TypeError'],
    ]);
  });

  it('gives outgoing calls the active span as traceparent', async () => {
    const { tracing } = setup();
    const [headers, ids] = await tracing.withSpan('call', {}, (span) => [
      tracing.outgoingHeaders(),
      span.spanContext(),
    ]);
    expect(headers).toEqual({ traceparent: `00-${ids.traceId}-${ids.spanId}-01` });
    expect(tracing.outgoingHeaders()).toEqual({});
  });
});

describe('createTracing with a logger', () => {
  it("sends the SDK's own warnings and errors to it, not lower levels", () => {
    const lines: Array<[string, unknown, string]> = [];
    const logger = {
      warn: (obj: unknown, msg: string) => lines.push(['warn', obj, msg]),
      error: (obj: unknown, msg: string) => lines.push(['error', obj, msg]),
    } as unknown as Parameters<typeof createTracing>[0]['logger'];
    createTracing({ endpoint: undefined, podId: 'test', exporter: new InMemorySpanExporter(), logger });
    diag.info('chatter');
    diag.warn('queue full');
    diag.error('export failed', new Error('ECONNREFUSED'));
    expect(lines).toEqual([
      ['warn', { otel: undefined }, 'opentelemetry: queue full'],
      ['error', { otel: ['Error: ECONNREFUSED'] }, 'opentelemetry: export failed'],
    ]);
  });
});
