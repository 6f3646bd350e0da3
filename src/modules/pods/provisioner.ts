import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import type { Outbox } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import {
  type CatalogOffer,
  type InstanceSpec,
  instanceNameOf,
  isTransientProviderError,
  ProviderCapacityError,
  type ProviderContext,
  type ProviderInstance,
  type ProvisioningAdapter,
} from '../catalog/index.js';
import type { PodEvent } from './pod-state.js';
import { createPodTransition } from './pod-transition.js';
import type { PodRow, PodsRepo } from './pods.repo.js';
import type { ProvisionLease } from './provision-lease.js';

/** How the worker reaches the provider of one pod (SANDBOX twin or LIVE API, per the pod's mode). */
export interface InstanceDriver {
  adapter: ProvisioningAdapter;
  context(): ProviderContext;
}

export type StepOutcome = { done: true } | { done: false; afterSeconds: number };

export interface ProvisionerSettings {
  /** Offers tried per deploy, the first included (`pods.failover_max_attempts`). */
  maxAttempts(): number;
  /**
   * How long `provider` may take to bring an instance up (`providers.<id>.provision_timeout_seconds`,
   * else `pods.provision_timeout_seconds`).
   */
  timeoutMs(provider: string): number;
  /** Seconds between two looks at a booting instance. */
  pollSeconds(): number;
  /**
   * How long a step may hold a pod: longer than a step's provider calls can take, short enough that
   * a pod whose worker died is picked up again soon.
   */
  leaseMs(): number;
}

/**
 * One provisioning step of one pod, safe to run again at any point: it takes the pod's lease,
 * looks the instance up by our pod id before creating one (so a crash between the provider's
 * create and our write never makes a second instance), and writes each state change with its
 * status-history entry in one transaction. No capacity (or no instance within the timeout) fails
 * over to the next equivalent offer; after `maxAttempts` offers, or with none left, the pod fails.
 */
export function createProvisioner(deps: {
  database: Pick<Database, 'transaction'>;
  repo: PodsRepo;
  lease: ProvisionLease;
  drivers: { for(pod: PodRow): InstanceDriver };
  /** The best untried equivalent offer within the pod's price ceiling, or null. */
  nextOffer(pod: PodRow, tried: readonly string[]): CatalogOffer | null;
  settings: ProvisionerSettings;
  /** In the transaction that marks the pod ready (activation token, events, activity). */
  onReady(pod: PodRow, tx: DbExecutor): Promise<void>;
  /** After that transaction committed (the activation e-mail). */
  afterReady(pod: PodRow): Promise<void>;
  /** In the transaction that fails the pod (events, activity). */
  onFailed(pod: PodRow, tx: DbExecutor): Promise<void>;
  /** Status changes go out as `pod.status_changed` events with the change. */
  outbox: Outbox;
  ids: IdGenerator;
  clock: Clock;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
}) {
  const { repo, clock } = deps;
  const apply = createPodTransition({ repo, outbox: deps.outbox, ids: deps.ids, clock });

  /** Applies `event` to the locked pod with `set` and a history entry; false when it no longer applies. */
  async function move(
    podId: string,
    event: PodEvent,
    detail: string,
    set: Partial<PodRow> = {},
    inTx?: (pod: PodRow, tx: DbExecutor) => Promise<void>,
  ): Promise<PodRow | null> {
    return deps.database.transaction(async (tx) => {
      const pod = await repo.lockPod(podId, tx);
      if (!pod) return null;
      const applied = await apply(tx, pod, event, detail, set);
      if (!applied.ok) return null;
      await inTx?.(applied.pod, tx);
      return applied.pod;
    });
  }

  function specOf(pod: PodRow, offer: { gpuName: string }): InstanceSpec {
    return {
      podId: pod.id,
      name: instanceNameOf(pod.id),
      providerOfferId: pod.providerOfferId,
      gpuName: offer.gpuName,
      gpuCount: pod.gpuCount,
      region: pod.region,
      spot: pod.providerOfferId.endsWith(':spot'),
      image: pod.image,
      storageGb: pod.storageGb,
      ports: pod.ports,
      sshPublicKey: pod.sshPublicKey,
    };
  }

  async function failOver(pod: PodRow, reason: string, driver: InstanceDriver): Promise<StepOutcome> {
    if (pod.providerInstanceId) {
      // Whatever half-made instance the failed attempt left must not keep running (and billing).
      await driver.adapter.terminate(driver.context(), pod.providerInstanceId);
    }
    const tried = [...pod.triedOfferIds, pod.offerId];
    const max = deps.settings.maxAttempts();
    const next = pod.attempts < max ? deps.nextOffer(pod, tried) : null;
    if (!next) {
      const why =
        pod.attempts >= max
          ? `${reason}; gave up after ${pod.attempts} offer(s)`
          : `${reason}; no other ${pod.gpuModel} ×${pod.gpuCount} offer within the price ceiling`;
      await move(pod.id, 'fail', why, { providerInstanceId: null, triedOfferIds: tried }, deps.onFailed);
      deps.logger.warn({ pod_id: pod.id, reason: why }, 'pod provisioning failed');
      return { done: true };
    }
    const attempt = pod.attempts + 1;
    await move(
      pod.id,
      'fail_over',
      `${reason}; trying ${next.id} on ${next.provider} (attempt ${attempt} of ${max})`,
      {
        offerId: next.id,
        provider: next.provider,
        providerOfferId: next.providerOfferId,
        region: next.region,
        pricePerHourMicros: next.priceMicros,
        providerInstanceId: null,
        attempts: attempt,
        triedOfferIds: tried,
        provisioningStartedAt: clock.now(),
      },
    );
    return { done: false, afterSeconds: 0 };
  }

  async function provisioningStep(pod: PodRow): Promise<StepOutcome> {
    const driver = deps.drivers.for(pod);
    const ctx = driver.context();
    let instance: ProviderInstance | null = null;
    if (pod.providerInstanceId) instance = await driver.adapter.get(ctx, pod.providerInstanceId);
    else {
      instance = await driver.adapter.find(ctx, pod.id);
      if (!instance) {
        try {
          instance = await driver.adapter.create(ctx, specOf(pod, { gpuName: pod.gpuModel }));
        } catch (err) {
          if (err instanceof ProviderCapacityError)
            return failOver(pod, `no capacity on ${pod.provider} for ${pod.offerId}`, driver);
          throw err;
        }
      }
      const kept = await deps.database.transaction(async (tx) => {
        // The owner may have terminated the pod while the provider was creating its instance.
        const current = await repo.lockPod(pod.id, tx);
        if (current?.status !== 'provisioning') return false;
        // Already recorded (a step re-run after a crash): nothing to add.
        if (current.providerInstanceId === instance?.instanceId) return true;
        await repo.updatePod(pod.id, { providerInstanceId: instance?.instanceId ?? null }, tx);
        await repo.appendHistory(
          {
            id: deps.ids.newId('event'),
            podId: pod.id,
            status: 'provisioning',
            at: clock.now(),
            detail: `instance ${instance?.instanceId} at ${pod.provider} (${instance?.providerStatus})`,
          },
          tx,
        );
        return true;
      });
      if (!kept) {
        await driver.adapter.terminate(ctx, instance.instanceId);
        return { done: true };
      }
      pod = { ...pod, providerInstanceId: instance.instanceId };
    }
    if (!instance || instance.state === 'failed' || instance.state === 'terminated') {
      const word = instance?.providerStatus ?? 'gone';
      return failOver(pod, `instance at ${pod.provider} ended before it was ready (${word})`, driver);
    }
    if (instance.state === 'running' && instance.ssh) {
      const { host, port, user } = instance.ssh;
      const connection = {
        ssh: { host, port, user, command: `ssh -p ${port} ${user}@${host}` },
        jupyter: instance.jupyter,
      };
      const ready = await move(
        pod.id,
        'instance_ready',
        `instance ${instance.instanceId} is up at ${pod.provider}`,
        { connection, readyAt: clock.now() },
        deps.onReady,
      );
      if (ready) await deps.afterReady(ready);
      return { done: true };
    }
    const startedMs = (pod.provisioningStartedAt ?? pod.createdAt).getTime();
    if (clock.nowMs() - startedMs > deps.settings.timeoutMs(pod.provider)) {
      const seconds = Math.round(deps.settings.timeoutMs(pod.provider) / 1000);
      return failOver(pod, `no running instance at ${pod.provider} within ${seconds} s`, driver);
    }
    return { done: false, afterSeconds: deps.settings.pollSeconds() };
  }

  /**
   * A provider failure during a step: a transient one (no answer, 429, 5xx) is tried again at the
   * next poll until the attempt's timeout, then fails over; any other (a 4xx, a refused request, a
   * body we cannot read) fails over at once — asking the same provider again would fail the same way.
   */
  async function guarded(pod: PodRow): Promise<StepOutcome> {
    try {
      return await provisioningStep(pod);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const startedMs = (pod.provisioningStartedAt ?? pod.createdAt).getTime();
      const timedOut = clock.nowMs() - startedMs > deps.settings.timeoutMs(pod.provider);
      if (isTransientProviderError(err) && !timedOut) {
        deps.logger.warn({ pod_id: pod.id, provider: pod.provider, err }, 'provider call failed; retrying');
        return { done: false, afterSeconds: deps.settings.pollSeconds() * 2 };
      }
      const fresh = (await repo.pod(pod.id, null)) ?? pod;
      if (fresh.status !== 'provisioning') return { done: true };
      return failOver(fresh, `${pod.provider} failed: ${message.slice(0, 200)}`, deps.drivers.for(fresh));
    }
  }

  return {
    /** One step for `podId` by worker `owner`; the caller re-queues when `done` is false. */
    async step(podId: string, owner: string): Promise<StepOutcome> {
      const pod = await deps.lease.take(podId, owner, clock.now(), deps.settings.leaseMs());
      if (!pod) return { done: false, afterSeconds: 2 }; // another worker is on it
      try {
        if (pod.status === 'pending') {
          const started = await move(
            pod.id,
            'provision',
            `provisioning on ${pod.provider} with ${pod.offerId} (attempt 1 of ${deps.settings.maxAttempts()})`,
            { attempts: 1, provisioningStartedAt: clock.now() },
          );
          return started ? guarded(started) : { done: true };
        }
        if (pod.status === 'provisioning') return await guarded(pod);
        return { done: true };
      } finally {
        await deps.lease.release(podId, owner);
      }
    },
  };
}

export type Provisioner = ReturnType<typeof createProvisioner>;
