import type { PubSub } from '../../platform/pubsub/index.js';
import type { PlatformConfigRepo } from './platform-config.repo.js';
import type { Mode, ParameterType } from './platform-config.tables.js';
import { definitionOf } from './registry.js';
import { columnOf, type ValueCodec } from './values.js';

export const CONFIG_CHANNEL = 'platform-config.changed';

interface Snapshot {
  mode: Mode;
  featureFlags: Record<string, boolean>;
  /** key → stored value of the current mode, with its type (secrets still sealed). */
  values: Map<string, { type: ParameterType; stored: string | null }>;
  loadedAt: number;
}

/**
 * The running configuration of the POD this process serves: a snapshot in memory, read
 * synchronously by every module (`settings.mode()`, `settings.get('markup_percent.pro')`).
 * Any instance that changes the configuration publishes on the pub/sub port (Redis across
 * instances); every instance reloads at once, so a change is live everywhere within a second.
 * A periodic reload covers a message lost while Redis was unreachable.
 */
export interface PlatformSettings {
  readonly podId: string;
  mode(): Mode;
  /** Effective value of a parameter (the POD's mode; a well-known default when unset). Secrets decrypted. */
  get(key: string): unknown;
  /** Typed accessors: they throw for a value of another type (a bug, not user input). */
  number(key: string): number;
  string(key: string): string | null;
  boolean(key: string): boolean;
  featureFlag(name: string): boolean;
  /** Called after each reload that changed something (e.g. a module re-reads a key). */
  onChange(listener: () => void): () => void;
  /** Loads now (publishes nothing). */
  reload(): Promise<void>;
  /**
   * After a committed change to `changedPodId`: reloads here first (the caller's next read sees
   * it), then tells every other instance.
   */
  announce(changedPodId: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createPlatformSettings(deps: {
  podId: string;
  repo: Pick<PlatformConfigRepo, 'pod' | 'parameters'>;
  codec: ValueCodec;
  pubsub: PubSub;
  logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** Safety reload period; default 30 s. */
  refreshMs?: number;
}): PlatformSettings {
  const { podId, repo, codec } = deps;
  let snapshot: Snapshot | null = null;
  let unsubscribe: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let loading: Promise<void> | null = null;
  const listeners = new Set<() => void>();

  async function load(): Promise<void> {
    const pod = await repo.pod(podId);
    if (!pod) throw new Error(`POD ${podId} does not exist (it is created at start)`);
    const column = columnOf(pod.mode);
    const rows = await repo.parameters(podId);
    const next: Snapshot = {
      mode: pod.mode,
      featureFlags: pod.featureFlags,
      values: new Map(
        rows.map((r) => [
          r.key,
          { type: r.parameterType, stored: column === 'live' ? r.liveValue : r.sandboxValue },
        ]),
      ),
      loadedAt: Date.now(),
    };
    const changed = !snapshot || fingerprint(snapshot) !== fingerprint(next);
    const previousMode = snapshot?.mode;
    snapshot = next;
    if (previousMode && previousMode !== next.mode)
      deps.logger.info({ pod_id: podId, mode: next.mode }, 'POD mode switched');
    if (changed) for (const listener of listeners) listener();
  }

  // One load at a time; a request for another while one runs queues exactly one more.
  let again = false;
  function reload(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    loading = load()
      .catch((err) =>
        deps.logger.warn({ err, pod_id: podId }, 'configuration reload failed; keeping the last one'),
      )
      .finally(() => {
        loading = null;
        if (again) {
          again = false;
          void reload();
        }
      });
    return loading;
  }

  /**
   * Subscribes to change announcements. A broker that is down must not stop the instance from
   * serving (readiness reports it): it runs on periodic reloads until a later attempt succeeds.
   */
  let subscribing = false;
  async function subscribe(): Promise<void> {
    if (subscribing) return;
    subscribing = true;
    try {
      unsubscribe = await deps.pubsub.subscribe(CONFIG_CHANNEL, (message) => {
        if ((message as { pod_id?: unknown }).pod_id === podId) void reload();
      });
    } catch (err) {
      deps.logger.warn(
        { err, pod_id: podId },
        'configuration changes not subscribed; relying on periodic reload',
      );
    }
  }

  function current(): Snapshot {
    if (!snapshot) throw new Error('platform settings read before start()');
    return snapshot;
  }

  function get(key: string): unknown {
    const s = current();
    const entry = s.values.get(key);
    if (entry && entry.stored !== null)
      return codec.decode(podId, key, columnOf(s.mode), entry.type, entry.stored);
    const def = definitionOf(key);
    return def && def.type !== 'secret' ? def.default : null;
  }

  function typed<T>(key: string, check: (v: unknown) => v is T, what: string): T {
    const value = get(key);
    if (!check(value)) throw new TypeError(`parameter ${key} is not ${what}`);
    return value;
  }

  return {
    podId,
    mode: () => current().mode,
    get,
    number: (key) => typed(key, (v): v is number => typeof v === 'number', 'a number'),
    string: (key) => typed(key, (v): v is string | null => v === null || typeof v === 'string', 'a string'),
    boolean: (key) => typed(key, (v): v is boolean => typeof v === 'boolean', 'a boolean'),
    featureFlag: (name) => current().featureFlags[name] === true,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async reload() {
      await reload();
      if (!snapshot) await load(); // first load must surface its error
    },
    async announce(changedPodId) {
      if (changedPodId === podId) await reload();
      try {
        await deps.pubsub.publish(CONFIG_CHANNEL, { pod_id: changedPodId });
      } catch (err) {
        // The change is committed; other instances catch up at their next periodic reload.
        deps.logger.warn({ err, pod_id: changedPodId }, 'could not announce a configuration change');
      }
    },
    async start() {
      await load();
      await subscribe();
      timer = setInterval(() => {
        // No subscription (the broker was down): keep trying, and reload meanwhile.
        if (!unsubscribe) void subscribe();
        void reload();
      }, deps.refreshMs ?? 30_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await unsubscribe?.();
      unsubscribe = null;
      await loading;
    },
  };
}

function fingerprint(s: Snapshot): string {
  return JSON.stringify([s.mode, s.featureFlags, [...s.values.entries()]]);
}
