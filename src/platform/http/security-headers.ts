import type { FastifyInstance } from 'fastify';

/**
 * Security headers, computed once and set with one call per response.
 *
 * Documents (HTML: the web app, the API docs) get the full browser hardening set — the same
 * headers and defaults as helmet, with a CSP for our single-page app. API responses (JSON,
 * problem+json, metrics) get the OWASP REST set: they are never rendered, so a page CSP only
 * costs bytes. We measured @fastify/helmet, which runs helmet's Express middleware on every
 * request, at about a third of a bare Fastify's /healthz throughput on this machine; these
 * precomputed maps cost a fraction of that (see `npm run bench`).
 */
const COMMON: Record<string, string> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The web app's CSP: Mantine sets style attributes at run time; everything else is 'self', except
 * Stripe.js for card entry in LIVE (its script, its Elements iframes and 3-D Secure frames, its
 * API). SANDBOX never loads anything from Stripe.
 */
export const DOCUMENT_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'frame-src https://js.stripe.com https://hooks.stripe.com',
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self' https://js.stripe.com",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' https://api.stripe.com",
  'upgrade-insecure-requests',
].join(';');

export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON,
  'content-security-policy': DOCUMENT_CSP,
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

export const API_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
};

export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    const isDocument = typeof type === 'string' && type.startsWith('text/html');
    // A route that set its own CSP (the docs UI hashes its inline scripts) keeps it.
    const ownCsp = reply.getHeader('content-security-policy');
    reply.headers(isDocument ? DOCUMENT_HEADERS : API_HEADERS);
    if (ownCsp !== undefined) reply.header('content-security-policy', ownCsp);
    done(null, payload);
  });
}
