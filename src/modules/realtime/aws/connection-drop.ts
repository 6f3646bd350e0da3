import { errorFrame } from '../protocol.js';
import type { ConnectionStore } from './connection-store.port.js';
import type { ManagementApi } from './management-api.js';

export interface DropDeps {
  store: Pick<ConnectionStore, 'remove'>;
  api: ManagementApi;
  logger: { warn(o: object, m: string): void };
}

/**
 * API Gateway closes a connection without an application close code, so the reason the Node
 * gateway puts in the close frame (4001, 4002) travels as an `error` frame sent just before.
 */
export const NOTICE = {
  unauthorized: errorFrame('unauthorized', 'The credential is invalid, expired or revoked.'),
  tokenExpired: errorFrame('unauthorized', 'token expired: reconnect with a fresh token'),
  authTimeout: errorFrame('unauthorized', 'authentication timeout: send {"type":"auth"} first'),
  closed: errorFrame('unauthorized', 'This connection was closed: reconnect.'),
};

/**
 * Ends a connection: the notice (when given), `DeleteConnection`, and the row (API Gateway's own
 * `$disconnect` then finds nothing left to delete). A failed send is logged, never thrown: the row
 * goes anyway, so a half-dead connection is not kept.
 */
export async function dropConnection(
  deps: DropDeps,
  connectionId: string,
  notice: string | null,
): Promise<void> {
  try {
    if (notice === null || (await deps.api.post(connectionId, notice)) === 'ok')
      await deps.api.disconnect(connectionId);
  } catch (err) {
    deps.logger.warn({ err, connectionId }, 'realtime apigw: closing the connection failed');
  }
  await deps.store.remove(connectionId);
}
