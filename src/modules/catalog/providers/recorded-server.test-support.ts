import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { readDatasetText } from '../assets.js';
import {
  type ProviderAdapter,
  type ProviderContext,
  ProviderHttpError,
  type ProviderOffer,
} from '../catalog.types.js';
import { createProviderHttp } from './http.js';

/** One request the recorded server received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordedRoute {
  method: string;
  /** Exact path, or a RegExp tested against the path. */
  path: string | RegExp;
  /** A file under `assets/datasets/provider-api/` (e.g. `lambda/instance-types.json`), or an inline body. */
  file?: string;
  body?: unknown;
  status?: number;
  headers?: Record<string, string>;
  /** Optional: only answer when this returns true (e.g. `?page=2`). */
  when?: (req: RecordedRequest) => boolean;
}

export interface RecordedServer {
  /** `http://127.0.0.1:<port>` (+ the prefix given): use as the adapter's base URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers with the provider's recorded response bodies,
 * byte for byte, so an adapter is tested over real HTTP (headers, query strings, pagination).
 * An unmatched request gets 404 with a body naming it, which fails the adapter loudly.
 */
export async function startRecordedServer(routes: RecordedRoute[], prefix = ''): Promise<RecordedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const route = routes.find(
        (r) =>
          r.method === recorded.method &&
          (typeof r.path === 'string' ? r.path === path : r.path.test(path)) &&
          (!r.when || r.when(recorded)),
      );
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `no recorded body for ${recorded.method} ${path}` }));
        return;
      }
      try {
        const text =
          route.file !== undefined
            ? await readDatasetText('provider-api', route.file)
            : typeof route.body === 'string'
              ? route.body
              : JSON.stringify(route.body ?? {});
        res.writeHead(route.status ?? 200, { 'content-type': 'application/json', ...route.headers });
        res.end(text);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** How `listOffersOver` calls the adapter: credential (default `'test-key'`) and the server's path prefix. */
export interface ListOffersOverOptions {
  credential?: string | null;
  prefix?: string;
  /** `ctx.usdPerEur` (default 1.0411, the registry default). */
  usdPerEur?: number;
}

/** The adapter under test, or a factory given the recorded server's base URL (for a second host). */
export type AdapterUnderTest =
  | Pick<ProviderAdapter, 'listOffers'>
  | ((baseUrl: string) => Pick<ProviderAdapter, 'listOffers'>);

/** How `callOver` builds the context: the server's path prefix, credential, client headers, EUR rate. */
export interface CallOverOptions {
  /** The server's path prefix, part of the base URL (e.g. `/v4`). */
  prefix?: string;
  /** `ctx.credential` (default `'test-key'`; `null` for none). */
  credential?: string | null;
  /** Sent by the context's client on every call. */
  headers?: Record<string, string>;
  /** `ctx.usdPerEur` (default 1). */
  usdPerEur?: number;
}

/** The context an adapter gets, over `baseUrl` (a recorded server's), with a fresh abort signal. */
export function recordedContext(
  baseUrl: string,
  options: Omit<CallOverOptions, 'prefix'> = {},
): ProviderContext {
  return {
    http: createProviderHttp({ baseUrl, headers: options.headers }),
    credential: options.credential === undefined ? 'test-key' : options.credential,
    signal: new AbortController().signal,
    usdPerEur: options.usdPerEur ?? 1,
  };
}

/**
 * Runs `call` against a recorded server answering `routes`, then closes the server. Resolves to the
 * settled outcome of `call` and every request the server received.
 */
export async function callOver<T>(
  routes: RecordedRoute[],
  call: (ctx: ProviderContext, baseUrl: string) => Promise<T>,
  options: CallOverOptions = {},
): Promise<{ result: PromiseSettledResult<T>; requests: RecordedRequest[] }> {
  const server = await startRecordedServer(routes, options.prefix ?? '');
  try {
    const [result] = await Promise.allSettled([
      call(recordedContext(server.baseUrl, options), server.baseUrl),
    ]);
    return { result, requests: server.requests };
  } finally {
    await server.close();
  }
}

function settleOver(adapter: AdapterUnderTest, routes: RecordedRoute[], options: ListOffersOverOptions) {
  return callOver(
    routes,
    (ctx, baseUrl) => (typeof adapter === 'function' ? adapter(baseUrl) : adapter).listOffers(ctx),
    { ...options, usdPerEur: options.usdPerEur ?? 1.0411 },
  );
}

/**
 * Runs `adapter.listOffers` over real HTTP against a recorded server answering `routes`, then closes the
 * server. Resolves to the offers and every request the server received; rejects with the adapter's error.
 */
export async function listOffersOver(
  adapter: AdapterUnderTest,
  routes: RecordedRoute[],
  options: ListOffersOverOptions = {},
): Promise<{ offers: ProviderOffer[]; requests: RecordedRequest[] }> {
  const { result, requests } = await settleOver(adapter, routes, options);
  if (result.status === 'rejected') throw result.reason;
  return { offers: result.value, requests };
}

/**
 * Asserts that `adapter.listOffers` over `routes` rejects with a ProviderHttpError carrying `status`;
 * returns the requests the server received (e.g. to check the adapter stopped after the failure).
 */
export async function expectProviderHttpError(
  adapter: AdapterUnderTest,
  routes: RecordedRoute[],
  status: number,
  options: ListOffersOverOptions = {},
): Promise<RecordedRequest[]> {
  const { result, requests } = await settleOver(adapter, routes, options);
  const error = result.status === 'rejected' ? result.reason : undefined;
  expect(error).toBeInstanceOf(ProviderHttpError);
  expect((error as ProviderHttpError).status).toBe(status);
  return requests;
}
