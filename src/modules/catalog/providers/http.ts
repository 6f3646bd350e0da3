import { type ProviderHttp, ProviderHttpError } from '../catalog.types.js';

/**
 * The `ProviderHttp` adapters get: global fetch against one base URL, JSON in and out, every
 * failure a `ProviderHttpError` (status, Retry-After) so the resilience policy can tell a 429 from
 * a 5xx from a network error. Cancelled by `signal` (the sync's timeout).
 */
export function createProviderHttp(opts: {
  baseUrl: string;
  signal?: AbortSignal;
  /** Sent with every request (e.g. a User-Agent). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}): ProviderHttp {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return {
    baseUrl,
    async request<T>(
      method: string,
      path: string,
      options: {
        query?: Record<string, string | number | boolean | Array<string | number> | undefined>;
        headers?: Record<string, string>;
        body?: unknown;
      } = {},
    ): Promise<T> {
      const url = new URL(baseUrl + path);
      for (const [key, value] of Object.entries(options.query ?? {})) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
      }
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...opts.headers,
        ...options.headers,
      };
      let body: string | undefined;
      if (options.body !== undefined) {
        if (typeof options.body === 'string') body = options.body;
        else {
          body = JSON.stringify(options.body);
          headers['content-type'] ??= 'application/json';
        }
      }
      let res: Response;
      try {
        res = await doFetch(url, { method, headers, body, signal: opts.signal ?? null });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new ProviderHttpError(`${method} ${url.pathname} failed: ${reason}`, null);
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        throw new ProviderHttpError(
          `${method} ${url.pathname} answered ${res.status}`,
          res.status,
          parseRetryAfter(res.headers.get('retry-after')),
          text.slice(0, ERROR_BODY_CHARS),
        );
      }
      if (text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ProviderHttpError(`${method} ${url.pathname} answered a body that is not JSON`, res.status);
      }
    },
  };
}

/** How much of an error answer's body a `ProviderHttpError` keeps (error codes live there). */
const ERROR_BODY_CHARS = 4096;

/** `Retry-After` as seconds or an HTTP date → ms (null when absent or unreadable). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
