import type { Envelope, RealtimeBus, Replay } from '../bus.port.js';
import { eventFrame } from '../protocol.js';
import { dropConnection, NOTICE } from './connection-drop.js';
import type { ChannelSubscriber, ConnectionStore } from './connection-store.port.js';
import type { ManagementApi } from './management-api.js';

export interface ApiGatewayFanoutDeps {
  store: ConnectionStore;
  bus: RealtimeBus;
  api: ManagementApi;
  /** ms since the epoch. */
  now: () => number;
  limits: () => { authTimeoutMs: number };
  logger: { warn(o: object, m: string): void };
  /** Posts in flight at once (default 50). */
  concurrency?: number;
}

export interface FanoutStats {
  /** Frames API Gateway accepted. */
  posted: number;
  /** Connections found gone (410) and deleted. */
  gone: number;
  /** Posts that failed otherwise (logged; the subscription is rewound and retried on the next event). */
  failed: number;
  /** Connections closed by the sweep (token expired, no auth in time). */
  dropped: number;
}

/** Runs `tasks` with at most `n` at once; a task never rejects (each handles its own errors). */
async function pool(tasks: Array<() => Promise<void>>, n: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
}

/**
 * Delivers bus events to API Gateway connections. One long-running process (the worker) follows
 * every channel that has a stored subscription; per channel, events are handled one at a time in
 * seq order, and each event goes to its subscribers with bounded concurrency.
 *
 * The store's `last_seq` is the truth: an event is claimed (compare-and-set from `seq - 1`) before
 * it is posted, so a second fan-out instance never sends it twice, and rewound when the post
 * fails. A subscriber further behind (it subscribed while events were published, or pub/sub lost
 * one) gets the gap from the replay buffer first, or `resync` when the gap is no longer kept.
 */
export function createApiGatewayFanout(deps: ApiGatewayFanoutDeps) {
  const { store, bus, api, logger } = deps;
  const concurrency = deps.concurrency ?? 50;
  const stats: FanoutStats = { posted: 0, gone: 0, failed: 0, dropped: 0 };
  const followed = new Map<string, Promise<() => Promise<void>>>();
  const queues = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** Serialises the work on one channel, so a connection sees that channel's seqs in order. */
  function enqueue(channel: string, task: () => Promise<void>): Promise<void> {
    const run = (queues.get(channel) ?? Promise.resolve())
      .then(task)
      .catch((err: unknown) => logger.warn({ err, channel }, 'realtime apigw: fan-out failed'));
    queues.set(channel, run);
    void run.then(() => {
      if (queues.get(channel) === run) queues.delete(channel);
    });
    return run;
  }

  /** Posts one frame; false (and the connection deleted, or the failure counted) when it did not go. */
  async function post(connectionId: string, frame: string): Promise<'ok' | 'gone' | 'failed'> {
    try {
      if ((await api.post(connectionId, frame)) === 'ok') {
        stats.posted++;
        return 'ok';
      }
      stats.gone++;
      await store.remove(connectionId);
      return 'gone';
    } catch (err) {
      stats.failed++;
      logger.warn({ err, connectionId }, 'realtime apigw: post failed');
      return 'failed';
    }
  }

  /** Brings one subscriber from its `lastSeq` to `target`: the missed events in order, or `resync`. */
  async function catchUp(
    channel: string,
    sub: ChannelSubscriber,
    target: number,
    replays: Map<number, Promise<Replay>>,
  ): Promise<void> {
    if (!(await store.move(sub.connectionId, channel, sub.lastSeq, target))) return;
    let sent = sub.lastSeq;
    try {
      let replay = replays.get(sub.lastSeq);
      if (!replay) {
        replay = bus.replay(channel, sub.lastSeq);
        replays.set(sub.lastSeq, replay);
      }
      const got = await replay;
      const frames =
        got.kind === 'resync'
          ? [{ seq: target, frame: JSON.stringify({ type: 'resync', channel, seq: target }) }]
          : got.events
              .filter((e) => e.seq > sub.lastSeq && e.seq <= target)
              .map((e) => ({ seq: e.seq, frame: eventFrame(e.channel, e.seq, e.json) }));
      for (const f of frames) {
        const result = await post(sub.connectionId, f.frame);
        if (result === 'gone') return;
        if (result === 'failed') break;
        sent = f.seq;
      }
    } catch (err) {
      logger.warn({ err, channel }, 'realtime apigw: replay failed');
    }
    if (sent !== target) await store.move(sub.connectionId, channel, target, sent);
  }

  async function deliverNow(e: Envelope): Promise<void> {
    const nowMs = deps.now();
    const claimed = await store.claim(e.channel, e.seq, nowMs);
    const behind = await store.behind(e.channel, e.seq, nowMs);
    const frame = eventFrame(e.channel, e.seq, e.json);
    const replays = new Map<number, Promise<Replay>>();
    await pool(
      [
        ...claimed.map((id) => async () => {
          if ((await post(id, frame)) === 'failed') await store.move(id, e.channel, e.seq, e.seq - 1);
        }),
        ...behind.map((sub) => () => catchUp(e.channel, sub, e.seq, replays)),
      ],
      concurrency,
    );
  }

  async function catchUpChannel(channel: string): Promise<void> {
    const latest = await bus.latest(channel);
    const behind = await store.behind(channel, latest, deps.now());
    const replays = new Map<number, Promise<Replay>>();
    await pool(
      behind.map((sub) => () => catchUp(channel, sub, latest, replays)),
      concurrency,
    );
  }

  const api_ = {
    /** Sends one bus event to its channel's subscribers (in seq order with the channel's other work). */
    deliver: (e: Envelope): Promise<void> => enqueue(e.channel, () => deliverNow(e)),
    /**
     * Follows on the bus exactly the channels that have subscriptions, then brings every
     * subscriber up to its channel's latest seq (what live delivery could not: subscriptions made
     * since the last sync, events pub/sub lost).
     */
    async sync(): Promise<void> {
      const wanted = new Set(await store.channels());
      if (closed) return;
      for (const channel of wanted)
        if (!followed.has(channel)) {
          const ready = bus.subscribe(channel, (e) => void api_.deliver(e));
          followed.set(channel, ready);
          // A failed subscribe is retried by the next sync.
          ready.catch(() => followed.get(channel) === ready && followed.delete(channel));
        }
      for (const [channel, unsubscribe] of followed)
        if (!wanted.has(channel)) {
          followed.delete(channel);
          await (await unsubscribe)();
        }
      await Promise.all(
        [...wanted].map((c) => followed.get(c)!.then(() => enqueue(c, () => catchUpChannel(c)))),
      );
    },
    /** Closes connections whose token expired and those that sent no `auth` in time. */
    async sweep(limit = 500): Promise<number> {
      const nowMs = deps.now();
      const expired = await store.expired(nowMs, limit);
      const anonymous = await store.anonymousSince(nowMs - deps.limits().authTimeoutMs, limit);
      const drop = (id: string, notice: string) => async () => {
        await dropConnection(deps, id, notice).catch((err: unknown) =>
          logger.warn({ err, connectionId: id }, 'realtime apigw: drop failed'),
        );
        stats.dropped++;
      };
      await pool(
        [
          ...expired.map((id) => drop(id, NOTICE.tokenExpired)),
          ...anonymous.map((id) => drop(id, NOTICE.authTimeout)),
        ],
        concurrency,
      );
      return expired.length + anonymous.length;
    },
    /** Runs `sync` and `sweep` every `intervalMs` (the worker's loop); `close` stops it. */
    start(intervalMs: number): void {
      const tick = () => {
        Promise.all([api_.sync(), api_.sweep()])
          .catch((err: unknown) => logger.warn({ err }, 'realtime apigw: sync failed'))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs).unref();
          });
      };
      timer = setTimeout(tick, 0).unref();
    },
    stats: (): FanoutStats => ({ ...stats }),
    /** Resolves once no channel has work queued (a drain; tests use it before asserting). */
    async idle(): Promise<void> {
      while (queues.size > 0) await Promise.allSettled([...queues.values()]);
    },
    /** Channels followed on the bus. */
    channels: (): string[] => [...followed.keys()],
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      const all = [...followed.values()];
      followed.clear();
      await Promise.allSettled(all.map((u) => u.then((f) => f())));
      await Promise.allSettled([...queues.values()]);
    },
  };
  return api_;
}

export type ApiGatewayFanout = ReturnType<typeof createApiGatewayFanout>;
