import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type OtlpCollector, startOtlpCollector } from '../../../test/support/otlp-collector.js';
import { createTracing } from './tracing.js';

let collector: OtlpCollector;
beforeAll(async () => {
  collector = await startOtlpCollector({ status: 400 });
});
afterAll(async () => {
  await collector?.close();
});

it('resolves shutdown and logs the loss when the collector refuses the spans', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    }),
  );
  const tracing = createTracing({ endpoint: collector.url, podId: 'test', logger });
  expect(await tracing.withSpan('doomed', {}, () => 'done')).toBe('done');

  await expect(tracing.shutdown()).resolves.toBeUndefined();

  expect(collector.spans().map((s) => s.name)).toEqual(['doomed']);
  expect(lines.map((l) => l.msg)).toContain('tracing shutdown failed, spans lost');
  expect(lines.find((l) => l.msg === 'tracing shutdown failed, spans lost')?.level).toBe(40);
});
