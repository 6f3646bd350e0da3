import type { RealtimeBus } from '../bus.port.js';
import type { ChannelAuthorizer } from '../channel-access.js';
import type { VerifiedCredential } from '../gateway.js';
import {
  type ClientMessage,
  type ErrorCode,
  errorFrame,
  eventFrame,
  parseClientMessage,
} from '../protocol.js';
import { dropConnection, NOTICE } from './connection-drop.js';
import type { ConnectionStore, StoredConnection } from './connection-store.port.js';
import type { ManagementApi } from './management-api.js';

/** The fields of API Gateway's WebSocket Lambda event (`APIGatewayProxyWebsocketEventV2`) we read. */
export interface WebSocketEvent {
  requestContext: {
    /** `$connect`, `$disconnect`, or the selected route (`$default` for every message here). */
    routeKey: string;
    connectionId: string;
    eventType?: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  };
  body?: string | null;
  /** True for a binary frame: refused, as the Node gateway does. */
  isBase64Encoded?: boolean;
}

/** A non-2xx answer to `$connect` refuses the connection; for the other routes it is only logged. */
export interface WebSocketResult {
  statusCode: number;
}

export interface ApiGatewayHandlerDeps {
  store: ConnectionStore;
  bus: Pick<RealtimeBus, 'replay' | 'latest'>;
  /** Checks an access token or API key (identity's verify); null when refused. */
  verify(token: string): Promise<VerifiedCredential | null>;
  authorize: ChannelAuthorizer;
  api: ManagementApi;
  /** ms since the epoch. */
  now: () => number;
  limits: () => { maxSubscriptions: number };
  logger: { warn(o: object, m: string): void };
}

const OK: WebSocketResult = { statusCode: 200 };
const FAILED: WebSocketResult = { statusCode: 500 };

/**
 * The three Lambda routes of the API Gateway WebSocket API, speaking the protocol of the Node
 * gateway (protocol.ts) with the same rules (channel-access.ts). State lives in the store, so any
 * Lambda instance may take any message; replies go out through the management API.
 */
export function createApiGatewayHandlers(deps: ApiGatewayHandlerDeps) {
  const { store, bus, api, logger } = deps;

  /** Replies to one connection; after a `gone` the connection is deleted and later replies are skipped. */
  function replier(connectionId: string) {
    let gone = false;
    return {
      async send(frame: string): Promise<boolean> {
        if (gone) return false;
        if ((await api.post(connectionId, frame)) === 'ok') return true;
        gone = true;
        await store.remove(connectionId);
        return false;
      },
    };
  }
  type Reply = ReturnType<typeof replier>;
  const sendError = (r: Reply, code: ErrorCode, message: string, channel?: string) =>
    r.send(errorFrame(code, message, channel));

  async function authenticate(conn: StoredConnection, r: Reply, token: string) {
    const id = conn.connectionId;
    const verified = await deps.verify(token).catch((err: unknown) => {
      logger.warn({ err }, 'realtime credential check failed');
      return undefined;
    });
    if (verified === undefined) {
      await sendError(r, 'unavailable', 'Could not check the credential; try again.');
      return;
    }
    if (!verified) {
      await dropConnection(deps, id, NOTICE.unauthorized);
      return;
    }
    if (conn.principal && conn.principal.userId !== verified.principal.userId) {
      await sendError(r, 'forbidden', 'A connection stays with the user it was authenticated as.');
      return;
    }
    if (verified.expiresAtMs !== null && verified.expiresAtMs <= deps.now()) {
      await dropConnection(deps, id, NOTICE.tokenExpired);
      return;
    }
    if (!(await store.authenticate(id, verified.principal, verified.expiresAtMs))) return;
    await r.send(
      JSON.stringify({
        type: 'authenticated',
        user_id: verified.principal.userId,
        role: verified.principal.role,
        expires_at: verified.expiresAtMs === null ? null : new Date(verified.expiresAtMs).toISOString(),
      }),
    );
  }

  async function subscribe(conn: StoredConnection, r: Reply, name: string, since: number | undefined) {
    const id = conn.connectionId;
    const existing = await store.subscription(id, name);
    if (existing) {
      // Already following: answer with where it stands, so subscribe stays idempotent.
      await r.send(JSON.stringify({ type: 'subscribed', channel: name, seq: existing.lastSeq }));
      return;
    }
    const max = deps.limits().maxSubscriptions;
    if ((await store.countSubscriptions(id)) >= max) {
      await sendError(r, 'too_many_subscriptions', `At most ${max} channels per connection.`, name);
      return;
    }
    const access = await deps.authorize(conn.principal, name);
    if (!access.ok) {
      await sendError(r, access.code, access.message, name);
      return;
    }
    let last: number;
    try {
      if (since === undefined) {
        last = await bus.latest(name);
      } else {
        const replay = await bus.replay(name, since);
        if (replay.kind === 'resync') {
          if (!(await r.send(JSON.stringify({ type: 'resync', channel: name, seq: replay.latest })))) return;
          last = replay.latest;
        } else {
          // What it missed, in order; events published meanwhile are the fan-out's (the row's
          // `last_seq` tells it where this connection stands).
          last = since;
          for (const e of replay.events) {
            if (e.seq <= last) continue;
            if (!(await r.send(eventFrame(e.channel, e.seq, e.json)))) return;
            last = e.seq;
          }
        }
      }
    } catch (err) {
      logger.warn({ err, channel: name }, 'realtime subscribe failed');
      await sendError(r, 'unavailable', 'Could not subscribe now; try again.', name);
      return;
    }
    if (!(await r.send(JSON.stringify({ type: 'subscribed', channel: name, seq: last })))) return;
    await store.subscribe(id, name, last, deps.now());
  }

  async function handle(conn: StoredConnection, r: Reply, m: ClientMessage) {
    switch (m.type) {
      case 'ping':
        await r.send('{"type":"pong"}');
        return;
      case 'auth':
        return authenticate(conn, r, m.token);
      case 'subscribe':
        return subscribe(conn, r, m.channel, m.since_seq);
      case 'unsubscribe':
        await store.unsubscribe(conn.connectionId, m.channel);
        await r.send(JSON.stringify({ type: 'unsubscribed', channel: m.channel }));
        return;
    }
  }

  async function connect(event: WebSocketEvent): Promise<WebSocketResult> {
    try {
      await store.create(event.requestContext.connectionId, deps.now());
      return OK;
    } catch (err) {
      logger.warn({ err }, 'realtime apigw: storing the connection failed');
      return FAILED;
    }
  }

  async function disconnect(event: WebSocketEvent): Promise<WebSocketResult> {
    try {
      await store.remove(event.requestContext.connectionId);
      return OK;
    } catch (err) {
      logger.warn({ err }, 'realtime apigw: deleting the connection failed');
      return FAILED;
    }
  }

  async function message(event: WebSocketEvent): Promise<WebSocketResult> {
    const id = event.requestContext.connectionId;
    try {
      const conn = await store.seen(id, deps.now());
      // Not stored: dropped by us (expiry, auth timeout, gone) while API Gateway still held it.
      if (!conn) {
        await dropConnection(deps, id, NOTICE.closed);
        return OK;
      }
      if (conn.tokenExpiresAtMs !== null && conn.tokenExpiresAtMs <= deps.now()) {
        await dropConnection(deps, id, NOTICE.tokenExpired);
        return OK;
      }
      const r = replier(id);
      const parsed = parseClientMessage(event.isBase64Encoded ? '' : (event.body ?? ''));
      if (!parsed.ok) await sendError(r, 'bad_request', parsed.message);
      else await handle(conn, r, parsed.message);
      return OK;
    } catch (err) {
      logger.warn({ err, connectionId: id }, 'realtime apigw: message failed');
      return FAILED;
    }
  }

  return {
    connect,
    disconnect,
    message,
    /** One Lambda entry point for all three routes. */
    handle(event: WebSocketEvent): Promise<WebSocketResult> {
      switch (event.requestContext.routeKey) {
        case '$connect':
          return connect(event);
        case '$disconnect':
          return disconnect(event);
        default:
          return message(event);
      }
    },
  };
}

export type ApiGatewayHandlers = ReturnType<typeof createApiGatewayHandlers>;
