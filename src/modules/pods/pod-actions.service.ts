import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Outbox } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { ProviderHttpError } from '../catalog/index.js';
import { hashToken, newOpaqueToken } from '../identity/index.js';
import { type PodEvent, type PodStatus, transition } from './pod-state.js';
import { createPodTransition } from './pod-transition.js';
import type { PodRow, PodsRepo } from './pods.repo.js';
import type { InstanceDriver } from './provisioner.js';

/** Every pod state change is also a usage event: billing meters a pod per second between them. */
export const POD_USAGE = 'pod.usage';

/**
 * What users do to their pods after deploy: activate (the e-mailed link), stop, start and
 * terminate. The provider call comes first, outside any transaction; the state change, its
 * history entry, the usage event and the activity entry are then written in one transaction, under
 * the pod's row lock, and only if the transition still applies (a concurrent terminate wins once).
 */
export function createPodActions(deps: {
  database: Pick<Database, 'transaction'>;
  repo: PodsRepo;
  drivers: { for(pod: PodRow): InstanceDriver };
  outbox: Outbox;
  ids: IdGenerator;
  clock: Clock;
  activationTtlMs(): number;
  /** Mails the owner (activation link, connection details); failures are logged by the mailer. */
  mail: {
    activation(pod: PodRow, token: string, expiresAt: Date): Promise<void>;
    connection(pod: PodRow): Promise<void>;
  };
}) {
  const { repo, clock } = deps;
  const applyTransition = createPodTransition({ repo, outbox: deps.outbox, ids: deps.ids, clock });

  async function usage(tx: DbExecutor, pod: PodRow, status: PodStatus, at: Date) {
    await deps.outbox.enqueue(tx, {
      topic: POD_USAGE,
      key: pod.id,
      payload: {
        pod_id: pod.id,
        user_id: pod.userId,
        name: pod.name,
        gpu_model: pod.gpuModel,
        gpu_count: pod.gpuCount,
        status,
        at: at.toISOString(),
        mode: pod.mode,
        provider: pod.provider,
        price_per_hour_micros: pod.pricePerHourMicros,
        markup_percent: pod.markupPercent,
        storage_per_hour_micros: pod.storagePerHourMicros,
      },
    });
  }

  /** Applies `event` under the row lock, with history, usage event and activity; throws 409 when it no longer applies. */
  async function apply(
    podId: string,
    userId: string,
    event: PodEvent,
    detail: string,
    set: Partial<PodRow> = {},
  ) {
    return deps.database.transaction(async (tx) => {
      const pod = await repo.lockPod(podId, tx);
      if (!pod || pod.userId !== userId) throw new AppError('not_found', { detail: 'No such pod.' });
      const applied = await applyTransition(tx, pod, event, detail, set);
      if (!applied.ok)
        throw new AppError('conflict', { detail: `The pod is ${pod.status}: ${applied.reason}.` });
      const { pod: updated, status, at: now } = applied;
      await usage(tx, updated, status, now);
      await repo.addActivity(
        {
          id: deps.ids.newId('event'),
          userId,
          action: `pod.${event}`,
          targetType: 'pod',
          targetId: podId,
          detail: { name: pod.name },
          at: now,
        },
        tx,
      );
      return updated;
    });
  }

  async function owned(podId: string, userId: string): Promise<PodRow> {
    const pod = await repo.pod(podId, userId);
    if (!pod) throw new AppError('not_found', { detail: 'No such pod.' });
    return pod;
  }

  async function providerCall(pod: PodRow, call: 'start' | 'stop' | 'terminate') {
    if (!pod.providerInstanceId) return;
    const driver = deps.drivers.for(pod);
    try {
      await driver.adapter[call](driver.context(), pod.providerInstanceId);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // An HTTP failure may pass (503: try again); anything else is the provider's rule, e.g. Lambda
      // has no stop/start — asking again cannot help (409 with the adapter's explanation).
      if (err instanceof ProviderHttpError)
        throw new AppError('provider_unavailable', {
          detail: `${pod.provider} did not ${call} the instance: ${message}`,
        });
      throw new AppError('conflict', { detail: `${pod.provider} cannot ${call} this pod: ${message}` });
    }
  }

  return {
    /** In the transaction that marks a pod ready: a single-use activation token, and the ready event. */
    async issueActivation(pod: PodRow, tx: DbExecutor): Promise<{ token: string; expiresAt: Date }> {
      const token = newOpaqueToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + deps.activationTtlMs());
      await repo.insertActivationToken(
        { tokenHash: hashToken(token), podId: pod.id, userId: pod.userId, expiresAt, createdAt: now },
        tx,
      );
      await usage(tx, pod, 'ready', now);
      return { token, expiresAt };
    },

    /**
     * A new activation link for a ready pod, mailed to its owner (the first was lost, expired, or
     * the process stopped before mailing it). Earlier links stay valid until they expire.
     */
    async resendActivation(podId: string, userId: string): Promise<PodRow> {
      const pod = await owned(podId, userId);
      if (pod.status !== 'ready')
        throw new AppError('conflict', {
          detail: `The pod is ${pod.status}: only a ready pod is activated.`,
        });
      const issued = await deps.database.transaction(async (tx) => {
        const token = newOpaqueToken();
        const expiresAt = new Date(clock.nowMs() + deps.activationTtlMs());
        await repo.insertActivationToken(
          { tokenHash: hashToken(token), podId, userId, expiresAt, createdAt: clock.now() },
          tx,
        );
        return { token, expiresAt };
      });
      await deps.mail.activation(pod, issued.token, issued.expiresAt);
      return pod;
    },

    /** Mails the owner the activation link of a ready pod. */
    mailActivation: (pod: PodRow, token: string, expiresAt: Date) =>
      deps.mail.activation(pod, token, expiresAt),

    /** `POST /pods/activate`: spends the token, starts the pod (ready → running), mails the details. */
    async activate(token: string): Promise<PodRow> {
      const podId = await deps.database.transaction((tx) =>
        repo.spendActivationToken(hashToken(token), clock.now(), tx),
      );
      if (!podId)
        throw new AppError('token_expired', {
          detail: 'This activation link was already used or has expired.',
        });
      const pod = await repo.pod(podId, null);
      if (!pod) throw new AppError('token_expired', { detail: 'The pod of this link no longer exists.' });
      // Most providers' instances run as soon as they are up (Lambda cannot even start one):
      // start only an instance that is not running.
      if (pod.providerInstanceId) {
        const driver = deps.drivers.for(pod);
        const instance = await driver.adapter.get(driver.context(), pod.providerInstanceId).catch(() => null);
        if (instance?.state !== 'running') await providerCall(pod, 'start');
      }
      const running = await apply(pod.id, pod.userId, 'activate', 'activated by its owner', {
        activatedAt: clock.now(),
      });
      await deps.mail.connection(running);
      return running;
    },

    async stop(podId: string, userId: string): Promise<PodRow> {
      const pod = await owned(podId, userId);
      if (!transition(pod.status, 'stop').ok)
        throw new AppError('conflict', { detail: `The pod is ${pod.status}.` });
      await providerCall(pod, 'stop');
      return apply(podId, userId, 'stop', 'stopped by its owner');
    },

    async start(podId: string, userId: string): Promise<PodRow> {
      const pod = await owned(podId, userId);
      if (!transition(pod.status, 'start').ok)
        throw new AppError('conflict', { detail: `The pod is ${pod.status}.` });
      await providerCall(pod, 'start');
      return apply(podId, userId, 'start', 'started by its owner');
    },

    /** Terminates at the provider, then records the final usage; terminating twice is a 409. */
    async terminate(podId: string, userId: string): Promise<PodRow> {
      const pod = await owned(podId, userId);
      if (!transition(pod.status, 'terminate').ok)
        throw new AppError('conflict', { detail: `The pod is ${pod.status}.` });
      await providerCall(pod, 'terminate');
      return apply(podId, userId, 'terminate', 'terminated by its owner', {
        terminatedAt: clock.now(),
        connection: null,
      });
    },
  };
}

export type PodActions = ReturnType<typeof createPodActions>;
