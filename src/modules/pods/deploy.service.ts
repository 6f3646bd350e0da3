import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { Outbox } from '../../platform/events/index.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { CatalogOffer } from '../catalog/index.js';
import type { Principal } from '../identity/index.js';
import { type CostBreakdownMicros, hourlyCostMicros } from './estimate.js';
import type { IdempotencyRepo } from './idempotency.repo.js';
import type { PodRow, PodsRepo } from './pods.repo.js';
import type { PodMode } from './pods.tables.js';

/** Billing's say on a new deploy, and its metered spend (allow-all / estimates without Billing). */
export interface SpendGuard {
  /**
   * Null when the user may add `perHourMicros` of spend, else why not: over the monthly cap
   * (422 budget_exceeded) or a payment overdue past its grace period (402 payment_failed).
   */
  check(
    userId: string,
    perHourMicros: number,
    /** The deploy's transaction (under the user's deploy lock): read through it. */
    exec: DbExecutor,
  ): Promise<{ code: 'budget_exceeded' | 'payment_failed'; detail: string } | null>;
  /** Month-to-date and projected spend as Billing metered it (the dashboard). */
  totals?(userId: string): Promise<{ monthToDateMicros: number; projectedMicros: number }>;
}
export const allowAllSpend: SpendGuard = { check: async () => null };

export const DEPLOY_REQUESTED = 'pod.deploy_requested';

export interface DeploySettings {
  mode(): PodMode;
  markupPercent(plan: Principal['plan']): number;
  maxRunningPods(plan: Principal['plan']): number;
  storageUsdPerGbMonth(): number;
  /** Fail-over may pick offers up to this many percent above the deployed offer's price. */
  failoverPriceHeadroomPercent(): number;
  /** Whether pods can be created on this provider in this mode. */
  canProvision(provider: string, mode: PodMode): boolean;
}

/**
 * `POST /pods/drafts/{id}/deploy`. One transaction: the idempotency key is claimed first (a
 * concurrent request with the same key waits here, then replays this response), the owner's pods
 * are serialised by an advisory lock (so two deploys cannot both pass the plan limit), then the
 * pod row (`pending`), its first status entry, the `pod.deploy_requested` outbox event and an
 * activity entry are written together.
 */
export function createDeployService(deps: {
  database: Pick<Database, 'transaction'>;
  repo: PodsRepo;
  idempotency: IdempotencyRepo;
  offers: { get(id: string): CatalogOffer | undefined };
  outbox: Outbox;
  spend: SpendGuard;
  settings: DeploySettings;
  ids: IdGenerator;
  clock: Clock;
  view(pod: PodRow, exec: DbExecutor): Promise<unknown>;
}) {
  const { repo } = deps;

  async function deployIn(tx: DbExecutor, principal: Principal, draftId: string) {
    const draft = await repo.draft(principal.userId, draftId, tx);
    if (!draft) throw new AppError('not_found', { detail: 'No such draft.' });
    const offer = deps.offers.get(draft.offerId);
    if (!offer) {
      throw new AppError('validation_failed', {
        detail: 'The offer of this draft is no longer listed; pick another offer.',
        errors: [{ path: '/draft/offer_id', message: 'is no longer listed' }],
      });
    }
    const mode = deps.settings.mode();
    if (!deps.settings.canProvision(offer.provider, mode)) {
      throw new AppError('provider_unavailable', {
        detail: `Pods cannot be deployed on ${offer.provider} yet; pick an offer of another provider.`,
      });
    }
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pods:user:${principal.userId}`}))`);
    const limit = deps.settings.maxRunningPods(principal.plan);
    if ((await repo.activeCount(principal.userId, tx)) >= limit) {
      throw new AppError('plan_limit_reached', {
        detail: `Your ${principal.plan} plan allows ${limit} active pod(s); terminate one or upgrade.`,
      });
    }
    const markupPercent = deps.settings.markupPercent(principal.plan);
    const cost: CostBreakdownMicros = hourlyCostMicros({
      providerPerHourMicros: offer.priceMicros,
      markupPercent,
      storageGb: draft.storageGb,
      storageUsdPerGbMonth: deps.settings.storageUsdPerGbMonth(),
    });
    const refused = await deps.spend.check(principal.userId, cost.total, tx);
    if (refused) throw new AppError(refused.code, { detail: refused.detail });

    const now = deps.clock.now();
    const podId = deps.ids.newId('pod');
    const headroom = 1 + deps.settings.failoverPriceHeadroomPercent() / 100;
    const pod = await repo.insertPod(
      {
        id: podId,
        userId: principal.userId,
        name: draft.name,
        draftId: draft.id,
        mode,
        status: 'pending',
        offerId: offer.id,
        provider: offer.provider,
        providerOfferId: offer.providerOfferId,
        gpuModel: offer.gpuModel,
        gpuCount: offer.gpuCount,
        region: offer.region,
        pricePerHourMicros: offer.priceMicros,
        markupPercent,
        storagePerHourMicros: cost.storage,
        maxPricePerHourMicros: draft.maxPricePerHourMicros ?? Math.round(offer.priceMicros * headroom),
        vcpus: draft.vcpus,
        ramGb: draft.ramGb,
        storageGb: draft.storageGb,
        image: draft.image,
        ports: draft.ports,
        sshPublicKey: draft.sshPublicKey,
        createdAt: now,
        updatedAt: now,
      },
      tx,
    );
    await repo.appendHistory(
      {
        id: deps.ids.newId('event'),
        podId,
        status: 'pending',
        at: now,
        detail: `deploy of ${offer.id} requested`,
      },
      tx,
    );
    await deps.outbox.enqueue(tx, {
      topic: DEPLOY_REQUESTED,
      key: podId,
      payload: { pod_id: podId, user_id: principal.userId, offer_id: offer.id, mode },
    });
    await repo.addActivity(
      {
        id: deps.ids.newId('event'),
        userId: principal.userId,
        action: 'pod.deploy',
        targetType: 'pod',
        targetId: podId,
        detail: { name: draft.name, offer_id: offer.id, provider: offer.provider, gpu_model: offer.gpuModel },
        at: now,
      },
      tx,
    );
    return { pod: await deps.view(pod, tx) };
  }

  return {
    /**
     * Deploys a draft; with `idempotencyKey`, the first response is stored and replayed to repeats
     * of the same request, and another request with that key is `409 idempotency_conflict`.
     */
    async deploy(
      principal: Principal,
      draftId: string,
      idempotencyKey: string | undefined,
      requestHash: string,
    ): Promise<{ statusCode: number; body: unknown }> {
      return deps.database.transaction(async (tx) => {
        if (idempotencyKey) {
          const claim = await deps.idempotency.claim(tx, {
            userId: principal.userId,
            key: idempotencyKey,
            scope: 'pods.deploy',
            requestHash,
            now: deps.clock.now(),
          });
          if (claim.kind === 'conflict') {
            throw new AppError('idempotency_conflict', {
              detail: 'This Idempotency-Key was used for another request.',
            });
          }
          if (claim.kind === 'replay') return { statusCode: claim.statusCode, body: claim.response };
        }
        const body = await deployIn(tx, principal, draftId);
        if (idempotencyKey) {
          await deps.idempotency.complete(tx, {
            userId: principal.userId,
            key: idempotencyKey,
            statusCode: 202,
            response: body,
          });
        }
        return { statusCode: 202, body };
      });
    },
  };
}

export type DeployService = ReturnType<typeof createDeployService>;
