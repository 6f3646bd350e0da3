import { invalidRequest } from './errors.js';
import type { Params } from './form.js';
import type { Json } from './json.js';
import type { FakeStripeStore } from './store.js';

export interface RouteContext {
  store: FakeStripeStore;
  params: Params;
  /** The path's object id (`/v1/customers/{id}`), when the route has one. */
  id: string;
  baseUrl: string;
}

export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  handle(ctx: RouteContext): Json;
}

/** The `expand[]` a request asks for, refused (as Stripe does) outside what the endpoint can expand. */
export function expansions(params: Params, allowed: readonly string[]): string[] {
  const asked = params.strings('expand');
  for (const e of asked)
    if (!allowed.includes(e))
      throw invalidRequest(`This property cannot be expanded (${e}).`, undefined, 'expand');
  return asked;
}
