import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { startOtlpCollector } from '../support/otlp-collector.js';

describe('tracing through the whole server', () => {
  it('exports a span per request to OTEL_EXPORTER_OTLP_ENDPOINT, named by route, flushed at shutdown', async () => {
    const collector = await startOtlpCollector();
    const t = await createTestApp({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, GPUBROKER_POD_ID: 'trace-pod' },
    });
    try {
      expect(t.platform.tracing.enabled).toBe(true);
      await t.app.inject({ method: 'GET', url: '/healthz' });
      await t.app.inject({
        method: 'GET',
        url: '/api/v2/nope',
        headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      });
    } finally {
      await t.close(); // closes tracing last, which flushes
    }
    try {
      const spans = collector.spans();
      const health = spans.find((s) => s.name === 'GET /healthz');
      expect(health?.attributes['http.response.status_code']).toBe(200);
      expect(health?.resource['gpubroker.pod_id']).toBe('trace-pod');
      const unmatched = spans.find((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
      expect(unmatched).toMatchObject({ name: 'GET unmatched', parentSpanId: '00f067aa0ba902b7' });
      expect(unmatched?.attributes['http.response.status_code']).toBe(404);
    } finally {
      await collector.close();
    }
  });

  it('is off (no-op tracer) without an endpoint', async () => {
    const t = await createTestApp();
    try {
      expect(t.platform.tracing.enabled).toBe(false);
    } finally {
      await t.close();
    }
  });
});
