import createClient from 'openapi-fetch';
import type { components, paths } from './schema.gen';

/**
 * The typed API client, generated from the server's own OpenAPI document (`npm run gen:api`).
 * Same origin always: in production the server serves this app, in development Vite proxies.
 */
export const api = createClient<paths>({ baseUrl: '' });

export type Problem = components['schemas']['Problem'];

/** Codes the client itself assigns when no problem document came back. */
export type ClientErrorCode = 'network_error' | 'unexpected_response';

/**
 * Every failed API call, as one error type: the server's RFC 9457 problem document when it sent
 * one, otherwise `network_error` (nothing answered) or `unexpected_response` (something that is not
 * our API answered, e.g. a proxy's HTML error page).
 */
export class ApiProblem extends Error {
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly request_id: string | undefined;
  readonly errors: Problem['errors'];
  /** The whole problem document, including extension members such as `checks`. */
  readonly body: Record<string, unknown>;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.status = problem.status;
    this.request_id = problem.request_id;
    this.errors = problem.errors;
    this.body = problem;
  }

  /** True when the API could not be reached at all (as opposed to answering with an error). */
  get unreachable(): boolean {
    return this.code === 'network_error' || (this.code === 'unexpected_response' && this.status >= 500);
  }
}

export function isApiProblem(value: unknown): value is ApiProblem {
  return value instanceof ApiProblem;
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.title === 'string' && typeof b.status === 'number';
}

function clientProblem(code: ClientErrorCode, status: number, title: string, detail: string): ApiProblem {
  return new ApiProblem({ type: 'about:blank', code, status, title, detail });
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an `api.GET/POST/…` call and returns its data, or throws an `ApiProblem`. Query
 * functions use this so TanStack Query sees one error type.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (err) {
    throw clientProblem(
      'network_error',
      0,
      'API unreachable',
      err instanceof Error ? err.message : 'The request could not be sent.',
    );
  }
  const { response } = result;
  if (response.ok) return result.data as T;
  if (isProblem(result.error)) throw new ApiProblem(result.error);
  throw clientProblem(
    'unexpected_response',
    response.status,
    response.statusText || `HTTP ${response.status}`,
    `The server answered ${response.status} without a problem document.`,
  );
}
