import type { Clock } from '../../platform/clock/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { CatalogOffer } from '../catalog/index.js';
import type { Principal } from '../identity/index.js';
import { checkDraft, type DraftInput, type DraftLimits } from './draft-rules.js';
import { estimateView, hourlyCostMicros } from './estimate.js';
import { draftView } from './pod-views.js';
import type { PodsRepo } from './pods.repo.js';

/** Drafts (configure a pod from an offer) and the cost estimate. */
export function createDraftsService(deps: {
  repo: PodsRepo;
  offers: { get(id: string): CatalogOffer | undefined };
  limits(): DraftLimits;
  markupPercent(plan: Principal['plan']): number;
  storageUsdPerGbMonth(): number;
  ids: IdGenerator;
  clock: Clock;
}) {
  const { repo } = deps;

  function checked(input: DraftInput) {
    const result = checkDraft(input, deps.offers.get(input.offer_id), deps.limits());
    if (!result.ok) {
      throw new AppError('validation_failed', {
        detail: result.errors.map((e) => `${e.path.replace('/body/', '')} ${e.message}`).join('; '),
        errors: result.errors,
      });
    }
    return result.draft;
  }

  return {
    async create(principal: Principal, input: DraftInput) {
      const d = checked(input);
      const now = deps.clock.now();
      const row = {
        id: deps.ids.newId('draft'),
        userId: principal.userId,
        ...d,
        createdAt: now,
        updatedAt: now,
      };
      await repo.insertDraft(row);
      return draftView(row);
    },

    async list(principal: Principal, q: { limit: number; cursor?: string }) {
      const page = await repo.drafts(principal.userId, q);
      return { items: page.items.map(draftView), next_cursor: page.nextCursor };
    },

    async get(principal: Principal, id: string) {
      const row = await repo.draft(principal.userId, id);
      if (!row) throw new AppError('not_found', { detail: 'No such draft.' });
      return draftView(row);
    },

    /** Replaces the draft's settings (PUT: the whole draft, checked again against its offer). */
    async update(principal: Principal, id: string, input: DraftInput) {
      if (!(await repo.draft(principal.userId, id)))
        throw new AppError('not_found', { detail: 'No such draft.' });
      const d = checked(input);
      const row = await repo.updateDraft(principal.userId, id, { ...d, updatedAt: deps.clock.now() });
      if (!row) throw new AppError('not_found', { detail: 'No such draft.' });
      return draftView(row);
    },

    async remove(principal: Principal, id: string): Promise<void> {
      if (!(await repo.deleteDraft(principal.userId, id)))
        throw new AppError('not_found', { detail: 'No such draft.' });
    },

    /** `POST /pods/estimate`: what the offer costs this caller per hour, day and month. */
    estimate(principal: Principal | null, input: { offer_id: string; storage_gb?: number | undefined }) {
      const offer = deps.offers.get(input.offer_id);
      if (!offer) {
        throw new AppError('validation_failed', {
          detail: 'offer_id no such offer',
          errors: [{ path: '/body/offer_id', message: 'no such offer' }],
        });
      }
      const limits = deps.limits();
      const storageGb = input.storage_gb ?? limits.defaultStorageGb;
      if (storageGb < limits.minStorageGb || storageGb > limits.maxStorageGb) {
        const message = `must be between ${limits.minStorageGb} and ${limits.maxStorageGb} GB`;
        throw new AppError('validation_failed', {
          detail: `storage_gb ${message}`,
          errors: [{ path: '/body/storage_gb', message }],
        });
      }
      const cost = hourlyCostMicros({
        providerPerHourMicros: offer.priceMicros,
        markupPercent: deps.markupPercent(principal?.plan ?? 'free'),
        storageGb,
        storageUsdPerGbMonth: deps.storageUsdPerGbMonth(),
      });
      return { offer_id: offer.id, storage_gb: storageGb, ...estimateView(cost) };
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;
