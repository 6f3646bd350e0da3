import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { App } from '../../src/app/server.js';

/**
 * The authorization matrix (STYLE §17): every registered route × every kind of caller, against
 * an expectation table declared in the test. Routes come from the server's own `routeCatalog`,
 * so a route added without an entry fails the test instead of going unchecked.
 */
export const PRINCIPALS = ['anonymous', 'user', 'other', 'admin'] as const;
export type PrincipalKind = (typeof PRINCIPALS)[number];

/** Bearer credentials of the signed-in principals (`anonymous` sends none). */
export type Credentials = Record<Exclude<PrincipalKind, 'anonymous'>, string>;

export interface MatrixContext {
  app: App;
  credentials: Credentials;
}

export interface RouteCase {
  /** Expected status per principal; `other` is a second ordinary user (404 on `user`'s resources). */
  expect: Record<PrincipalKind, number>;
  /** A valid body, built afresh for each request (routes that consume their input need a new one). */
  body?: (ctx: MatrixContext) => Promise<object> | object;
  /** Path parameters naming a resource owned by `user`, created afresh for each request. */
  params?: (ctx: MatrixContext) => Promise<Record<string, string>> | Record<string, string>;
  /** Query string parameters the route needs. */
  query?: Record<string, string>;
  /** A body that is not JSON (e.g. a CSV upload), with its content type. */
  rawBody?: { contentType: string; payload: string };
}

/** `METHOD url` keys, e.g. `'DELETE /api/v2/api-keys/:id'` (Fastify's path syntax). */
export type Matrix = Record<string, RouteCase>;

// Infrastructure, not product routes: probes, metrics, the API documents and their UI.
const INFRASTRUCTURE = new Set(['/healthz', '/readyz', '/metrics', '/api/v2/openapi.json']);

/**
 * The routes the matrix must cover: every registered route except infrastructure, the static web
 * app (files of `webDir` and `/`) and the HEAD routes Fastify derives from GET routes (same
 * handler, same config, so the same gate).
 */
export function routesUnderTest(app: App, webDir: string | null): string[] {
  const keys = app.routeCatalog
    .filter(({ method, url }) => {
      if (method === 'HEAD' || INFRASTRUCTURE.has(url) || url.startsWith('/api/docs')) return false;
      if (webDir && (url === '/' || existsSync(join(webDir, url)))) return false;
      return true;
    })
    .map(({ method, url }) => `${method} ${url}`);
  return [...new Set(keys)].sort();
}

/** Fails with the two lists a reader needs: routes without an entry, entries without a route. */
export function expectMatrixCoversRoutes(matrix: Matrix, routes: string[]): void {
  const declared = Object.keys(matrix);
  expect({
    routesWithoutEntry: routes.filter((r) => !declared.includes(r)),
    entriesWithoutRoute: declared.filter((d) => !routes.includes(d)),
  }).toEqual({ routesWithoutEntry: [], entriesWithoutRoute: [] });
}

/** Registers an account through the API (auto-confirmed); returns its user id. */
export async function register(app: App, email: string, password: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v2/auth/register',
    payload: { email, password, name: email.split('@')[0] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().user.id;
}

/** Registers and logs in a fresh account through the API; returns its access token. */
export async function signUp(app: App, email: string, password: string): Promise<string> {
  await register(app, email, password);
  return (await logIn(app, email, password)).access_token;
}

export async function logIn(app: App, email: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v2/auth/login', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { access_token: string; refresh_token: string };
}

/** Sends the route's request as `who` and returns the status. */
export async function requestAs(
  ctx: MatrixContext,
  route: string,
  spec: RouteCase,
  who: PrincipalKind,
): Promise<{ status: number; body: string }> {
  const [method, template] = route.split(' ') as [string, string];
  const params = spec.params ? await spec.params(ctx) : {};
  const url = template.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const payload = spec.body ? await spec.body(ctx) : spec.rawBody?.payload;
  const headers: Record<string, string> = spec.rawBody ? { 'content-type': spec.rawBody.contentType } : {};
  if (who !== 'anonymous') headers.authorization = `Bearer ${ctx.credentials[who]}`;
  const res = await ctx.app.inject({
    method: method as 'GET',
    url,
    ...(spec.query ? { query: spec.query } : {}),
    ...(payload ? { payload } : {}),
    headers,
  });
  return { status: res.statusCode, body: res.body };
}
