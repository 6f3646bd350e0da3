import type { WebSocket } from 'ws';
import type { Principal } from '../identity/index.js';
import type { RealtimeBus } from './bus.port.js';
import type { ChannelAuthorizer } from './channel-access.js';
import { Connection, type ConnectionLimits, Subscription } from './connection.js';
import { createFanout } from './fanout.js';
import { CLOSE, type ClientMessage, eventFrame, parseClientMessage } from './protocol.js';
import type { RealtimeMetrics } from './realtime.metrics.js';

/** The `reason` label of `gpubroker_realtime_disconnects_total`, by close code. */
const DROP_REASONS: Record<number, string> = {
  [CLOSE.unauthorized]: 'unauthorized',
  [CLOSE.tokenExpired]: 'token_expired',
  [CLOSE.slowConsumer]: 'slow_consumer',
  [CLOSE.rateLimited]: 'rate_limited',
  [CLOSE.goingAway]: 'shutdown',
};

export interface GatewayLimits extends ConnectionLimits {
  authTimeoutMs: number;
  heartbeatMs: number;
  /** How often an open socket's credential is checked again (a revoked key, a logout everywhere). */
  revalidateMs: number;
}

export interface VerifiedCredential {
  principal: Principal;
  /** When the credential stops being valid (ms since epoch); null for API keys. */
  expiresAtMs: number | null;
}

export interface GatewayDeps {
  bus: RealtimeBus;
  verify(token: string): Promise<VerifiedCredential | null>;
  authorize: ChannelAuthorizer;
  limits: () => GatewayLimits;
  now: () => number;
  logger: { warn(o: object, m: string): void; debug(o: object, m: string): void };
  metrics?: RealtimeMetrics;
}

/**
 * The WebSocket gateway of one instance: the protocol (auth, subscribe with resume, ping), the
 * per-connection limits, heartbeats, and the fan-out of bus events to local sockets. Domain code
 * never sees it: services publish to the bus, this delivers.
 */
export function createGateway(deps: GatewayDeps) {
  const { bus, logger } = deps;
  const fanout = createFanout(bus, (err, channel) => logger.warn({ err, channel }, 'realtime replay failed'));
  const connections = new Set<Connection>();
  let heartbeat: NodeJS.Timeout | undefined;
  let heartbeatMs = 0;

  function startHeartbeat(ms: number) {
    if (heartbeat && ms === heartbeatMs) return;
    clearInterval(heartbeat);
    heartbeatMs = ms;
    heartbeat = setInterval(() => {
      for (const c of connections) {
        if (!c.alive) {
          c.closed = true;
          deps.metrics?.dropped.inc({ reason: 'dead_peer' });
          c.ws.terminate();
          continue;
        }
        c.alive = false;
        c.ws.ping();
      }
      void revalidate();
      startHeartbeat(deps.limits().heartbeatMs);
    }, ms);
    heartbeat.unref();
  }

  /**
   * Checks again, on the heartbeat, the credentials last checked more than `revalidateMs` ago: a
   * revoked API key or a session cut off (logout everywhere, plan change) closes its sockets (4001)
   * instead of following channels until the token's expiry or forever (API keys).
   */
  let revalidating = false;
  async function revalidate() {
    if (revalidating) return;
    revalidating = true;
    try {
      const due = deps.now() - deps.limits().revalidateMs;
      for (const c of [...connections]) {
        if (c.closed || c.credential === null || c.checkedAt > due) continue;
        c.checkedAt = deps.now();
        const verified = await deps.verify(c.credential).catch(() => undefined);
        if (verified === null && !c.closed) {
          c.error('unauthorized', 'The credential was revoked or the session ended.');
          c.drop(CLOSE.unauthorized, 'credential revoked');
        }
      }
    } finally {
      revalidating = false;
    }
  }

  function cleanup(c: Connection) {
    clearTimeout(c.authTimer);
    clearTimeout(c.expiryTimer);
    for (const [name, sub] of c.subs) fanout.remove(name, sub);
    c.subs.clear();
    connections.delete(c);
    deps.metrics?.connections.dec();
  }

  async function authenticate(c: Connection, token: string) {
    const verified = await deps.verify(token).catch((err: unknown) => {
      logger.warn({ err }, 'realtime credential check failed');
      return undefined;
    });
    if (verified === undefined) {
      c.error('unavailable', 'Could not check the credential; try again.');
      return;
    }
    if (!verified) {
      c.error('unauthorized', 'The credential is invalid, expired or revoked.');
      c.drop(CLOSE.unauthorized, 'unauthorized');
      return;
    }
    if (c.principal && c.principal.userId !== verified.principal.userId) {
      c.error('forbidden', 'A connection stays with the user it was authenticated as.');
      return;
    }
    c.principal = verified.principal;
    c.credential = token;
    c.checkedAt = deps.now();
    clearTimeout(c.authTimer);
    c.authTimer = undefined; // a cleared timer object would stay referenced for the socket's life
    clearTimeout(c.expiryTimer);
    if (verified.expiresAtMs !== null) {
      const left = verified.expiresAtMs - deps.now();
      c.expiryTimer = setTimeout(
        () => c.drop(CLOSE.tokenExpired, 'token expired: reconnect with a fresh token'),
        Math.max(0, left),
      );
      c.expiryTimer.unref();
    }
    c.send({
      type: 'authenticated',
      user_id: verified.principal.userId,
      role: verified.principal.role,
      expires_at: verified.expiresAtMs === null ? null : new Date(verified.expiresAtMs).toISOString(),
    });
  }

  async function subscribe(c: Connection, name: string, since: number | undefined) {
    if (c.subs.has(name)) {
      // Already following: answer with where it stands, so a client can treat subscribe as idempotent.
      c.send({ type: 'subscribed', channel: name, seq: c.subs.get(name)!.last });
      return;
    }
    if (c.subs.size >= c.limits.maxSubscriptions) {
      c.error(
        'too_many_subscriptions',
        `At most ${c.limits.maxSubscriptions} channels per connection.`,
        name,
      );
      return;
    }
    const access = await deps.authorize(c.principal, name);
    if (!access.ok) {
      c.error(access.code, access.message, name);
      return;
    }
    if (c.closed) return;
    const sub = new Subscription(c, name);
    c.subs.set(name, sub);
    try {
      await fanout.add(name, sub);
      if (since === undefined) {
        sub.last = await bus.latest(name);
      } else {
        const replay = await bus.replay(name, since);
        if (replay.kind === 'resync') {
          c.send({ type: 'resync', channel: name, seq: replay.latest });
          sub.last = replay.latest;
        } else {
          // What it missed first; live events that arrived meanwhile wait in `pending`.
          sub.last = since;
          for (const e of replay.events) {
            if (e.seq <= sub.last) continue;
            sub.last = e.seq;
            c.sendRaw(eventFrame(e.channel, e.seq, e.json));
          }
        }
      }
    } catch (err) {
      logger.warn({ err, channel: name }, 'realtime subscribe failed');
      c.subs.delete(name);
      fanout.remove(name, sub);
      c.error('unavailable', 'Could not subscribe now; try again.', name);
      return;
    }
    c.send({ type: 'subscribed', channel: name, seq: sub.last });
    sub.goLive();
  }

  async function handle(c: Connection, m: ClientMessage) {
    switch (m.type) {
      case 'ping':
        c.send({ type: 'pong' });
        return;
      case 'auth':
        return authenticate(c, m.token);
      case 'subscribe':
        return subscribe(c, m.channel, m.since_seq);
      case 'unsubscribe': {
        const sub = c.subs.get(m.channel);
        if (sub) {
          c.subs.delete(m.channel);
          fanout.remove(m.channel, sub);
        }
        c.send({ type: 'unsubscribed', channel: m.channel });
        return;
      }
    }
  }

  return {
    /** Takes over an upgraded socket. */
    accept(ws: WebSocket): void {
      const limits = deps.limits();
      startHeartbeat(limits.heartbeatMs);
      const c = new Connection(ws, limits, deps.now, (code) =>
        deps.metrics?.dropped.inc({ reason: DROP_REASONS[code] ?? String(code) }),
      );
      connections.add(c);
      deps.metrics?.connections.inc();
      c.authTimer = setTimeout(() => {
        if (!c.principal && !c.subs.has('system'))
          c.drop(CLOSE.unauthorized, 'authentication timeout: send {"type":"auth"} first');
      }, limits.authTimeoutMs);
      c.authTimer.unref();
      ws.on('pong', () => {
        c.alive = true;
      });
      ws.on('message', (data, isBinary) => {
        c.alive = true;
        if (c.closed || !c.admit()) return;
        const parsed = parseClientMessage(isBinary ? '' : data.toString());
        if (!parsed.ok) {
          c.error('bad_request', parsed.message);
          return;
        }
        c.queue = c.queue
          .then(() => handle(c, parsed.message))
          .catch((err: unknown) => logger.warn({ err }, 'realtime message failed'));
      });
      ws.on('close', () => {
        c.closed = true;
        cleanup(c);
      });
      ws.on('error', (err) => logger.debug({ err }, 'realtime socket error'));
    },
    stats: () => ({ connections: connections.size, channels: fanout.size() }),
    /** Shutdown: every client is told to go elsewhere (1001) and resume there. */
    async close(): Promise<void> {
      clearInterval(heartbeat);
      for (const c of connections) c.drop(CLOSE.goingAway, 'server shutting down');
      await fanout.close();
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
