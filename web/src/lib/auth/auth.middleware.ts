import type { Middleware } from 'openapi-fetch';
import { accessToken, freshAccessToken, refresh } from './session.store';

/**
 * Routes that authenticate by what is in the body (or not at all). They get no bearer token and
 * no retry: a 401 from them is the answer (wrong password, spent refresh token), and waiting on a
 * refresh before `/auth/refresh` itself would deadlock.
 */
const CREDENTIAL_ROUTES = /^\/api\/v2\/auth\/(login|refresh|logout|register|verify-email|oauth)(\/|$)/;

/** Requests with a bearer token, kept (unsent copy) until their response says whether to retry. */
const retryable = new Map<string, { copy: Request; token: string }>();

/**
 * Sends `Authorization: Bearer <access token>` on every API call made while signed in, and on a
 * 401 refreshes once (shared with any other request doing the same) and resends the request.
 */
export const authMiddleware: Middleware = {
  async onRequest({ request, schemaPath, id }) {
    if (CREDENTIAL_ROUTES.test(schemaPath)) return undefined;
    const token = await freshAccessToken();
    if (!token) return undefined;
    request.headers.set('Authorization', `Bearer ${token}`);
    retryable.set(id, { copy: request.clone(), token });
    return request;
  },

  async onResponse({ response, id }) {
    const sent = retryable.get(id);
    retryable.delete(id);
    if (!sent || response.status !== 401) return undefined;
    // A refresh that finished while this request was on the wire already fixed it; else refresh now.
    if (accessToken() === sent.token && !(await refresh())) return undefined;
    const token = accessToken();
    if (!token) return undefined;
    sent.copy.headers.set('Authorization', `Bearer ${token}`);
    return fetch(sent.copy);
  },

  onError({ id }) {
    retryable.delete(id);
  },
};
