import type { IncomingMessage } from 'node:http';
import type { IdGenerator } from '../ids/ids.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Request ids: an incoming `X-Request-Id` from a trusted edge (load balancer, API Gateway) is kept
 * when it is well-formed; otherwise a new `req_…` id. Echoed in the response header and in every
 * log line and problem document, so a support ticket leads straight to the logs.
 */
export function createRequestIdGenerator(ids: IdGenerator) {
  return (req: IncomingMessage): string => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    if (typeof incoming === 'string' && SAFE_INCOMING_ID.test(incoming)) return incoming;
    return ids.newId('request');
  };
}
