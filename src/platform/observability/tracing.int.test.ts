import { Agent, get } from 'node:http';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CollectedSpan,
  type OtlpCollector,
  startOtlpCollector,
} from '../../../test/support/otlp-collector.js';
import { createTracing, type Tracing } from './tracing.js';

// One real exchange for the whole file: a Fastify server with tracing on, real HTTP requests
// over keep-alive connections, then a shutdown that flushes every span to a real OTLP/HTTP
// endpoint. Each test asserts on what that endpoint received.

const INCOMING_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_PARENT_ID = '00f067aa0ba902b7';

let collector: OtlpCollector;
let tracing: Tracing;
let app: FastifyInstance;
let spans: CollectedSpan[];
const logLines: Array<Record<string, unknown>> = [];
const responses = new Map<string, { status: number; body: unknown }>();

function only(predicate: (s: CollectedSpan) => boolean, what: string): CollectedSpan {
  const found = spans.filter(predicate);
  if (found.length !== 1) throw new Error(`expected one span ${what}, got ${found.length}`);
  return found[0] as CollectedSpan;
}
const requestSpan = (path: string) =>
  only((s) => s.kind === 2 && s.attributes['url.path'] === path, `for ${path}`);

beforeAll(async () => {
  collector = await startOtlpCollector();
  tracing = createTracing({ endpoint: collector.url, podId: 'test', version: '9.9.9' });
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  // The aborted request's socket lingers until the client's keep-alive timer fires; close()
  // must not wait for it.
  const logger: FastifyBaseLogger = pino({ level: 'info' }, logStream);
  app = Fastify({ loggerInstance: logger, forceCloseConnections: true });
  tracing.registerFastify(app);

  let abortSeen: () => void = () => {};
  const aborted = new Promise<void>((resolve) => {
    abortSeen = resolve;
  });
  let handlerStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    handlerStarted = resolve;
  });
  // Runs after the tracing hook (hooks run in registration order): the span has ended.
  app.addHook('onRequestAbort', (_request, done) => {
    abortSeen();
    done();
  });

  app.get('/items/:id', async (request) => {
    request.log.info('loading item');
    return { id: (request.params as { id: string }).id, clientPort: request.socket.remotePort };
  });
  app.register(
    async (api) => {
      api.get('/things/:thingId', async () => ({ ok: true }));
    },
    { prefix: '/api/v2' },
  );
  app.get(
    '/db',
    {
      preHandler: async () => {
        await tracing.withSpan('auth.check', {}, async () => sleep(1));
      },
    },
    async () => {
      await sleep(1);
      return tracing.withSpan('db.query', { 'db.system.name': 'postgresql' }, async () => {
        await sleep(1);
        return { rows: 1 };
      });
    },
  );
  app.post('/db-body', async (request) =>
    tracing.withSpan('db.insert', {}, async () => ({ got: request.body })),
  );
  app.get('/work/:n', async (request) => {
    const n = Number((request.params as { n: string }).n);
    await sleep((5 - n) * 3); // finish in the reverse order of arrival
    return tracing.withSpan('work', { 'test.n': n }, async () => ({ n }));
  });
  app.get('/outgoing', async () => tracing.outgoingHeaders());
  app.get('/boom', async () => {
    throw new Error('kaput');
  });
  app.get('/hang', async () => {
    handlerStarted();
    await aborted;
    return { late: true };
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const call = async (key: string, path: string, init?: RequestInit) => {
    const res = await fetch(`${base}${path}`, init);
    const text = await res.text();
    responses.set(key, { status: res.status, body: text ? JSON.parse(text) : undefined });
  };

  await call('item', '/items/42', { headers: { 'user-agent': 'vitest-agent' } });
  // Two requests on one keep-alive connection: its async context outlives each request.
  const oneSocket = new Agent({ keepAlive: true, maxSockets: 1 });
  for (const id of ['43', '44']) {
    const body = await new Promise<string>((resolve, reject) => {
      get(`${base}/items/${id}`, { agent: oneSocket }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    responses.set(`item${id}`, { status: 200, body: JSON.parse(body) });
  }
  oneSocket.destroy();
  await call('thing', '/api/v2/things/abc?secret=x');
  await call('incoming', '/items/7', {
    headers: { traceparent: `00-${INCOMING_TRACE_ID}-${INCOMING_PARENT_ID}-01`, tracestate: 'vendor=1' },
  });
  await call('db', '/db');
  await call('db-body', '/db-body', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ a: 1 }),
  });
  await Promise.all([1, 2, 3, 4].map((n) => call(`work${n}`, `/work/${n}`)));
  await call('outgoing', '/outgoing');
  await call('boom', '/boom');
  await call('missing', '/nope/123');

  const controller = new AbortController();
  const hung = fetch(`${base}/hang`, { signal: controller.signal }).catch(() => 'aborted');
  await started;
  controller.abort();
  expect(await hung).toBe('aborted');
  await aborted;

  await app.close();
  await tracing.shutdown();
  spans = collector.spans();
});

afterAll(async () => {
  await app?.close();
  await tracing?.shutdown();
  await collector?.close();
});

describe('tracing over OTLP/HTTP', () => {
  it('exports JSON to /v1/traces with the service resource', () => {
    expect(collector.contentTypes.length).toBeGreaterThan(0);
    expect(new Set(collector.contentTypes)).toEqual(new Set(['application/json']));
    const resource = requestSpan('/items/42').resource;
    expect(resource).toMatchObject({
      'service.name': 'gpubroker',
      'service.version': '9.9.9',
      'gpubroker.pod_id': 'test',
      'deployment.environment.name': 'test',
    });
  });

  it('names request spans by route pattern, with semconv attributes', () => {
    const item = requestSpan('/items/42');
    expect(item.name).toBe('GET /items/:id');
    expect(item.kind).toBe(2); // SERVER
    expect(item.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/items/:id',
      'http.response.status_code': 200,
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'user_agent.original': 'vitest-agent',
    });
    expect(item.attributes['gpubroker.request_id']).toMatch(/^req-/);
    expect(item.statusCode).toBe(0); // UNSET
    expect(spans.some((s) => s.name.includes('42') || s.name.includes('abc'))).toBe(false);

    const thing = requestSpan('/api/v2/things/abc');
    expect(thing.name).toBe('GET /api/v2/things/:thingId');
    expect(thing.attributes['http.route']).toBe('/api/v2/things/:thingId');
  });

  it('starts a new trace per request, even on a reused keep-alive connection', () => {
    const port = (key: string) =>
      (responses.get(key)?.body as { clientPort?: number } | undefined)?.clientPort;
    expect(port('item43')).toEqual(expect.any(Number));
    expect(port('item44')).toBe(port('item43'));
    const first = requestSpan('/items/43');
    const second = requestSpan('/items/44');
    expect(first.parentSpanId).toBeUndefined();
    expect(second.parentSpanId).toBeUndefined();
    expect(second.traceId).not.toBe(first.traceId);
  });

  it("continues the caller's trace from traceparent and tracestate", () => {
    const span = requestSpan('/items/7');
    expect(span.traceId).toBe(INCOMING_TRACE_ID);
    expect(span.parentSpanId).toBe(INCOMING_PARENT_ID);
    expect(span.traceState).toBe('vendor=1');
  });

  it('nests withSpan under the request span, from preHandler hooks and handlers', () => {
    const request = requestSpan('/db');
    const query = only((s) => s.name === 'db.query', 'db.query');
    const auth = only((s) => s.name === 'auth.check', 'auth.check');
    for (const child of [query, auth]) {
      expect(child.traceId).toBe(request.traceId);
      expect(child.parentSpanId).toBe(request.spanId);
    }
    expect(query.attributes['db.system.name']).toBe('postgresql');

    const insert = only((s) => s.name === 'db.insert', 'db.insert');
    expect(responses.get('db-body')?.body).toEqual({ got: { a: 1 } });
    expect(insert.parentSpanId).toBe(requestSpan('/db-body').spanId);
  });

  it('keeps concurrent requests apart', () => {
    for (const n of [1, 2, 3, 4]) {
      const work = only((s) => s.name === 'work' && s.attributes['test.n'] === n, `work ${n}`);
      const request = requestSpan(`/work/${n}`);
      expect(work.parentSpanId).toBe(request.spanId);
      expect(work.traceId).toBe(request.traceId);
    }
  });

  it('gives outgoing calls a traceparent of the active request span', () => {
    const span = requestSpan('/outgoing');
    expect(responses.get('outgoing')?.body).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-01` });
  });

  it('marks a 5xx span as an error and records the exception', () => {
    expect(responses.get('boom')?.status).toBe(500);
    const span = requestSpan('/boom');
    expect(span.name).toBe('GET /boom');
    expect(span.statusCode).toBe(2); // ERROR
    expect(span.attributes['http.response.status_code']).toBe(500);
    expect(span.attributes['error.type']).toBe('Error');
    const exception = span.events.find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.message']).toBe('kaput');
  });

  it('names unmatched requests without the raw URL and leaves 4xx unset', () => {
    expect(responses.get('missing')?.status).toBe(404);
    const span = requestSpan('/nope/123');
    expect(span.name).toBe('GET unmatched');
    expect(span.attributes['http.route']).toBeUndefined();
    expect(span.attributes['http.response.status_code']).toBe(404);
    expect(span.statusCode).toBe(0);
  });

  it('ends the span of a request the client aborted', () => {
    const span = requestSpan('/hang');
    expect(span.attributes['gpubroker.request.aborted']).toBe(true);
    expect(span.events.map((e) => e.name)).toContain('request aborted by client');
  });

  it('puts trace_id and span_id on the request logger and the completion line', () => {
    const span = requestSpan('/items/42');
    const reqId = span.attributes['gpubroker.request_id'];
    const lines = logLines.filter((l) => l.reqId === reqId);
    const handlerLine = lines.find((l) => l.msg === 'loading item');
    const completed = lines.find((l) => l.msg === 'request completed');
    for (const line of [handlerLine, completed]) {
      expect(line).toMatchObject({ trace_id: span.traceId, span_id: span.spanId });
    }
  });
});
