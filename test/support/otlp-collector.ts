import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carries it, flattened with its resource's attributes. */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  traceState: string | undefined;
  name: string;
  kind: number;
  statusCode: number;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  resource: Record<string, unknown>;
}

export interface OtlpCollector {
  /** Base URL, as `OTEL_EXPORTER_OTLP_ENDPOINT` would hold it. */
  url: string;
  /** Every `content-type` the exporter sent. */
  contentTypes: string[];
  spans(): CollectedSpan[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
type OtlpAttributes = Array<{ key: string; value: OtlpValue }> | undefined;
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  status?: { code?: number };
  attributes?: OtlpAttributes;
  events?: Array<{ name: string; attributes?: OtlpAttributes }>;
}
interface OtlpExport {
  resourceSpans: Array<{
    resource?: { attributes?: OtlpAttributes };
    scopeSpans: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

/**
 * A real OTLP/HTTP collector endpoint on 127.0.0.1: accepts JSON `POST /v1/traces`, answers
 * like a collector (200, empty ExportTraceServiceResponse; or `status`, to play one that
 * refuses) and keeps what it received.
 */
export async function startOtlpCollector(opts: { status?: number } = {}): Promise<OtlpCollector> {
  const status = opts.status ?? 200;
  const exports: OtlpExport[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      contentTypes.push(String(req.headers['content-type']));
      exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    contentTypes,
    spans: () => exports.flatMap(flatten),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function flatten(body: OtlpExport): CollectedSpan[] {
  return body.resourceSpans.flatMap((rs) => {
    const resource = attrs(rs.resource?.attributes);
    return rs.scopeSpans.flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || undefined,
        traceState: s.traceState || undefined,
        name: s.name,
        kind: s.kind,
        statusCode: s.status?.code ?? 0,
        attributes: attrs(s.attributes),
        events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
        resource,
      })),
    );
  });
}

function attrs(list: OtlpAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    out[key] =
      value.stringValue ??
      (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
      value.boolValue ??
      value.doubleValue;
  }
  return out;
}
