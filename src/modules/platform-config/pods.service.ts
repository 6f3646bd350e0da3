import type { Clock } from '../../platform/clock/clock.js';
import type { Database } from '../../platform/db/index.js';
import { type FieldError, fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { ConfigWrites } from './config-writes.js';
import type { PlatformConfigRepo, PodRow } from './platform-config.repo.js';
import type { Mode } from './platform-config.tables.js';
import type { Actor } from './platform-config.types.js';
import { REGISTRY } from './registry.js';
import type { ModeColumn } from './values.js';

export interface PodsServiceDeps {
  database: Pick<Database, 'transaction'>;
  repo: PlatformConfigRepo;
  clock: Clock;
  writes: ConfigWrites;
  currentPodId: string;
  liveReadiness?: () => FieldError[];
  afterCommit(podId: string, changedSecrets: Array<{ key: string; column: ModeColumn }>): Promise<void>;
}

/** PODs: the current one ensured at start, CRUD, and the SANDBOX ⇄ LIVE switch. */
export function createPodsService(deps: PodsServiceDeps) {
  const { database, repo, clock } = deps;
  const { audit, withPod } = deps.writes;

  return {
    async listPods(): Promise<PodRow[]> {
      return repo.pods();
    },

    async getPod(podId: string): Promise<Result<PodRow, 'not_found'>> {
      const pod = await repo.pod(podId);
      return pod ? ok(pod) : fail('not_found', `No POD ${podId}.`);
    },

    /** Creates the POD this process serves, in SANDBOX with registry defaults, when missing. */
    async ensurePod(podId: string): Promise<PodRow> {
      const now = clock.now();
      return database.transaction(async (tx) => {
        const created = await repo.insertPod(
          {
            podId,
            name: podId,
            mode: 'SANDBOX',
            awsRegion: null,
            featureFlags: {},
            createdAt: now,
            updatedAt: now,
          },
          tx,
        );
        if (!created) return (await repo.pod(podId, tx))!;
        await audit(
          tx,
          podId,
          { id: null, email: 'system' },
          'pod_created',
          null,
          null,
          { name: podId, mode: 'SANDBOX' },
          now,
        );
        return created;
      });
    },

    async createPod(
      input: {
        podId: string;
        name: string;
        awsRegion?: string | null | undefined;
        featureFlags?: Record<string, boolean> | undefined;
      },
      actor: Actor,
    ): Promise<Result<PodRow, 'conflict'>> {
      const now = clock.now();
      const created = await database.transaction(async (tx) => {
        const row = await repo.insertPod(
          {
            podId: input.podId,
            name: input.name.trim(),
            mode: 'SANDBOX',
            awsRegion: input.awsRegion ?? null,
            featureFlags: input.featureFlags ?? {},
            createdAt: now,
            updatedAt: now,
          },
          tx,
        );
        if (row) await audit(tx, row.podId, actor, 'pod_created', null, null, podSummary(row), now);
        return row;
      });
      if (!created) return fail('conflict', `A POD ${input.podId} exists already.`);
      await deps.afterCommit(created.podId, []);
      return ok(created);
    },

    async updatePod(
      podId: string,
      patch: {
        name?: string | undefined;
        awsRegion?: string | null | undefined;
        featureFlags?: Record<string, boolean> | undefined;
      },
      actor: Actor,
    ): Promise<Result<PodRow, 'not_found'>> {
      const result = await withPod(podId, async (tx, pod) => {
        const updated = await repo.updatePod(
          podId,
          {
            ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
            ...(patch.awsRegion !== undefined ? { awsRegion: patch.awsRegion } : {}),
            ...(patch.featureFlags !== undefined ? { featureFlags: patch.featureFlags } : {}),
            updatedAt: clock.now(),
          },
          tx,
        );
        await audit(tx, podId, actor, 'pod_updated', null, podSummary(pod), podSummary(updated!));
        return ok(updated!);
      });
      if (result.ok) await deps.afterCommit(podId, []);
      return result;
    },

    async deletePod(podId: string, actor: Actor): Promise<Result<void, 'not_found' | 'conflict'>> {
      if (podId === deps.currentPodId)
        return fail('conflict', 'This is the POD the platform is running as; it cannot be deleted.');
      const result = await withPod(podId, async (tx, pod) => {
        await repo.deletePod(podId, tx);
        await audit(tx, podId, actor, 'pod_deleted', null, podSummary(pod), null);
        return ok(undefined);
      });
      if (result.ok) await deps.afterCommit(podId, []);
      return result;
    },

    /**
     * SANDBOX ⇄ LIVE. Going LIVE needs `confirm` = pod_id and every LIVE-required parameter set;
     * asking for the mode the POD is in changes nothing (idempotent, not audited).
     */
    async switchMode(
      podId: string,
      mode: Mode,
      confirm: string | undefined,
      actor: Actor,
    ): Promise<Result<PodRow, 'not_found' | 'validation_failed'>> {
      let changed = false;
      const result = await withPod<PodRow, 'validation_failed'>(podId, async (tx, pod) => {
        if (pod.mode === mode) return ok(pod);
        const errors: FieldError[] = [];
        if (mode === 'LIVE') {
          if (confirm !== pod.podId)
            errors.push({
              path: '/body/confirm',
              message: `must equal the POD id (${pod.podId}) to go LIVE`,
            });
          const rows = await repo.parametersByKey(podId, tx);
          for (const def of REGISTRY)
            if (def.liveRequired && (rows.get(def.key)?.liveValue ?? null) === null)
              errors.push({ path: `/parameters/${def.key}/live_value`, message: 'is required in LIVE' });
          errors.push(...(deps.liveReadiness?.() ?? []));
        }
        if (errors.length > 0) return fail('validation_failed', 'The POD cannot switch to LIVE yet.', errors);
        const updated = await repo.updatePod(podId, { mode, updatedAt: clock.now() }, tx);
        await audit(tx, podId, actor, 'mode_switched', null, { mode: pod.mode }, { mode });
        changed = true;
        return ok(updated!);
      });
      if (changed) await deps.afterCommit(podId, []);
      return result;
    },
  };
}

function podSummary(pod: PodRow) {
  return { name: pod.name, mode: pod.mode, aws_region: pod.awsRegion, feature_flags: pod.featureFlags };
}
