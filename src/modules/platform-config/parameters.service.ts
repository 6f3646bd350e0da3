import { type FieldError, fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { ConfigWrites } from './config-writes.js';
import type { ParameterPlanner, PlannedChange } from './parameter-plan.js';
import type { ParameterRow, PlatformConfigRepo, PodRow } from './platform-config.repo.js';
import type { AuditAction } from './platform-config.tables.js';
import type {
  Actor,
  ExportDocument,
  ImportOutcome,
  ParameterChange,
  ParameterView,
} from './platform-config.types.js';
import { definitionOf, REGISTRY } from './registry.js';
import type { ModeColumn, ValueCodec } from './values.js';

export interface ParametersServiceDeps {
  repo: PlatformConfigRepo;
  codec: ValueCodec;
  planner: ParameterPlanner;
  writes: ConfigWrites;
  afterCommit(podId: string, changedSecrets: Array<{ key: string; column: ModeColumn }>): Promise<void>;
}

/** A POD's parameters: list, CRUD, dry-run validation, audit pages, import and export. */
export function createParametersService(deps: ParametersServiceDeps) {
  const { repo, codec } = deps;
  const { view, plan } = deps.planner;
  const { apply, confirmProblem, withPod } = deps.writes;

  async function mutateParameters(
    podId: string,
    changes: ParameterChange[],
    opts: {
      confirm?: string | undefined;
      confirmPath: string;
      pathOf: (i: number) => string;
      mustExist?: boolean;
      mustNotExist?: boolean;
      actor: Actor;
      action?: AuditAction;
    },
  ): Promise<
    Result<{ pod: PodRow; planned: PlannedChange[] }, 'not_found' | 'validation_failed' | 'conflict'>
  > {
    let changedSecrets: Array<{ key: string; column: ModeColumn }> = [];
    // A refusal resolves (no write happened before it), so the transaction simply commits nothing.
    const result = await withPod(
      podId,
      async (
        tx,
        pod,
      ): Promise<
        Result<{ pod: PodRow; planned: PlannedChange[] }, 'validation_failed' | 'conflict' | 'not_found'>
      > => {
        const rows = await repo.parametersByKey(podId, tx);
        const errors: FieldError[] = [];
        const planned: PlannedChange[] = [];
        for (const [i, change] of changes.entries()) {
          const existing = rows.get(change.key);
          if (opts.mustNotExist && existing)
            return fail('conflict', `Parameter ${change.key} is already set; update it instead.`);
          if (opts.mustExist && !existing && !definitionOf(change.key))
            return fail('not_found', `No parameter ${change.key}.`);
          const p = plan(pod, existing, change, opts.pathOf(i), errors);
          if (p) planned.push(p);
        }
        const confirmError = confirmProblem(pod, planned, opts.confirm, opts.confirmPath);
        if (confirmError) errors.push(confirmError);
        if (errors.length > 0) return fail('validation_failed', 'The change is not valid.', errors);
        changedSecrets = await apply(tx, pod, planned, opts.actor, opts.action);
        return ok({ pod, planned });
      },
    );
    if (result.ok && result.value.planned.some((p) => p.action !== 'unchanged'))
      await deps.afterCommit(podId, changedSecrets);
    return result;
  }

  /** The POD and its parameter rows by key; not_found when the POD does not exist. */
  async function podWithRows(
    podId: string,
  ): Promise<Result<{ pod: PodRow; rows: Map<string, ParameterRow> }, 'not_found'>> {
    const pod = await repo.pod(podId);
    if (!pod) return fail('not_found', `No POD ${podId}.`);
    return ok({ pod, rows: await repo.parametersByKey(podId) });
  }

  async function getParameter(podId: string, key: string): Promise<Result<ParameterView, 'not_found'>> {
    const pod = await repo.pod(podId);
    if (!pod) return fail('not_found', `No POD ${podId}.`);
    const row = await repo.parameter(podId, key);
    const def = definitionOf(key);
    if (!row && !def) return fail('not_found', `No parameter ${key}.`);
    return ok(view(pod, def, row));
  }

  return {
    async listParameters(podId: string): Promise<Result<ParameterView[], 'not_found'>> {
      const loaded = await podWithRows(podId);
      if (!loaded.ok) return loaded;
      const { pod, rows } = loaded.value;
      const keys = [...new Set([...REGISTRY.map((d) => d.key), ...rows.keys()])].sort();
      return ok(keys.map((key) => view(pod, definitionOf(key), rows.get(key))));
    },

    getParameter,

    async createParameter(podId: string, change: ParameterChange, confirm: string | undefined, actor: Actor) {
      const result = await mutateParameters(podId, [change], {
        confirm,
        confirmPath: '/body/confirm',
        pathOf: () => '/body',
        mustNotExist: true,
        actor,
      });
      return result.ok ? getParameter(podId, change.key) : result;
    },

    async updateParameter(podId: string, change: ParameterChange, confirm: string | undefined, actor: Actor) {
      const result = await mutateParameters(podId, [change], {
        confirm,
        confirmPath: '/body/confirm',
        pathOf: () => '/body',
        mustExist: true,
        actor,
      });
      return result.ok ? getParameter(podId, change.key) : result;
    },

    async deleteParameter(
      podId: string,
      key: string,
      confirm: string | undefined,
      actor: Actor,
    ): Promise<Result<void, 'not_found' | 'validation_failed' | 'conflict'>> {
      const result = await mutateParameters(podId, [{ key, delete: true }], {
        confirm,
        confirmPath: '/query/confirm',
        pathOf: () => '/params',
        mustExist: true,
        actor,
      });
      return result.ok ? ok(undefined) : result;
    },

    /** Dry run of a change set: every problem, nothing written. */
    async validate(
      podId: string,
      changes: ParameterChange[],
    ): Promise<Result<{ valid: boolean; errors: FieldError[] }, 'not_found'>> {
      const loaded = await podWithRows(podId);
      if (!loaded.ok) return loaded;
      const { pod, rows } = loaded.value;
      const errors: FieldError[] = [];
      for (const [i, change] of changes.entries())
        plan(pod, rows.get(change.key), change, `/changes/${i}`, errors);
      return ok({ valid: errors.length === 0, errors });
    },

    async auditPage(q: Parameters<PlatformConfigRepo['auditPage']>[0]) {
      return repo.auditPage(q);
    },

    /** The POD and its set parameters as a document; secrets masked. */
    async exportDocument(podId: string): Promise<Result<ExportDocument, 'not_found'>> {
      const pod = await repo.pod(podId);
      if (!pod) return fail('not_found', `No POD ${podId}.`);
      const rows = await repo.parameters(podId);
      return ok({
        version: 1,
        pod: {
          pod_id: pod.podId,
          name: pod.name,
          aws_region: pod.awsRegion,
          feature_flags: pod.featureFlags,
        },
        parameters: rows.map((r) => ({
          key: r.key,
          parameter_type: r.parameterType,
          description: r.description,
          sandbox_value: codec.view(podId, r.key, 'sandbox', r.parameterType, r.sandboxValue),
          live_value: codec.view(podId, r.key, 'live', r.parameterType, r.liveValue),
        })),
      });
    },

    /**
     * Applies a document all or nothing: every parameter is checked first and every problem
     * reported with its path; parameters the document does not name are left alone.
     */
    async importDocument(
      podId: string,
      doc: ExportDocument['parameters'],
      opts: { dryRun: boolean; confirm?: string | undefined; actor: Actor },
    ): Promise<Result<ImportOutcome, 'not_found' | 'validation_failed'>> {
      const changes: ParameterChange[] = doc.map((p) => ({
        key: p.key,
        parameterType: p.parameter_type,
        sandboxValue: p.sandbox_value,
        liveValue: p.live_value,
        description: p.description,
      }));
      const seen = new Map<string, number>();
      const duplicates: FieldError[] = [];
      for (const [i, c] of changes.entries()) {
        if (seen.has(c.key))
          duplicates.push({
            path: `/parameters/${i}/key`,
            message: `repeats /parameters/${seen.get(c.key)}`,
          });
        else seen.set(c.key, i);
      }
      if (duplicates.length > 0) return fail('validation_failed', 'The document is not valid.', duplicates);
      if (opts.dryRun) {
        const loaded = await podWithRows(podId);
        if (!loaded.ok) return loaded;
        const { pod, rows } = loaded.value;
        const errors: FieldError[] = [];
        const planned = changes.map((c, i) => plan(pod, rows.get(c.key), c, `/parameters/${i}`, errors));
        const confirmError = confirmProblem(
          pod,
          planned.filter((p) => p !== null),
          opts.confirm,
          '/query/confirm',
        );
        if (confirmError) errors.push(confirmError);
        return ok({ valid: errors.length === 0, applied: false, errors, changes: summary(planned) });
      }
      const result = await mutateParameters(podId, changes, {
        confirm: opts.confirm,
        confirmPath: '/query/confirm',
        pathOf: (i) => `/parameters/${i}`,
        actor: opts.actor,
        action: 'imported',
      });
      // Import never asks for "must not exist", so a conflict cannot come back; narrow it away.
      if (!result.ok)
        return fail(
          result.code === 'not_found' ? 'not_found' : 'validation_failed',
          result.detail,
          result.errors,
        );
      return ok({ valid: true, applied: true, errors: [], changes: summary(result.value.planned) });
    },
  };
}

function summary(planned: Array<PlannedChange | null>): ImportOutcome['changes'] {
  return planned
    .filter((p): p is PlannedChange => p !== null)
    .map((p) => ({ key: p.key, action: p.action === 'delete' ? 'update' : p.action, fields: p.fields }));
}
