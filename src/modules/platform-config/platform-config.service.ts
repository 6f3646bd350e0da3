import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import { type FieldError, fail, ok, type Result } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import type { ParameterRow, PlatformConfigRepo, PodRow } from './platform-config.repo.js';
import type { AuditAction, Mode, ParameterType, ValidationRule } from './platform-config.tables.js';
import {
  checkValue,
  definitionOf,
  describeRule,
  FREE_KEY_PATTERN,
  type ParameterDefinition,
  REGISTRY,
} from './registry.js';
import { columnOf, isMasked, type ModeColumn, type ValueCodec } from './values.js';

/** Who makes a change, as the audit log records it. */
export interface Actor {
  id: string | null;
  email: string;
  requestId?: string | null;
}

export interface ParameterChange {
  key: string;
  parameterType?: ParameterType | undefined;
  /** undefined = keep; null = unset; a masked secret (`••••…`) = keep. */
  sandboxValue?: unknown;
  liveValue?: unknown;
  description?: string | null | undefined;
  validation?: ValidationRule | null | undefined;
  delete?: boolean | undefined;
}

export interface ParameterView {
  key: string;
  parameterType: ParameterType;
  description: string | null;
  sandboxValue: unknown;
  liveValue: unknown;
  effectiveValue: unknown;
  effectiveMode: Mode;
  source: 'set' | 'default';
  wellKnown: boolean;
  liveRequired: boolean;
  validation: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface ExportDocument {
  version: 1;
  pod: { pod_id: string; name: string; aws_region: string | null; feature_flags: Record<string, boolean> };
  parameters: Array<{
    key: string;
    parameter_type: ParameterType;
    description: string | null;
    sandbox_value: unknown;
    live_value: unknown;
  }>;
}

export interface ImportOutcome {
  valid: boolean;
  applied: boolean;
  errors: FieldError[];
  changes: Array<{ key: string; action: 'create' | 'update' | 'unchanged'; fields: string[] }>;
}

/** A change to one parameter, checked and ready to write. */
interface PlannedChange {
  key: string;
  action: 'create' | 'update' | 'delete' | 'unchanged';
  row: Omit<ParameterRow, 'updatedAt' | 'updatedBy'> | null;
  fields: string[];
  liveChanged: boolean;
  oldView: unknown;
  newView: unknown;
}

export interface PlatformConfigDeps {
  database: Pick<Database, 'transaction'>;
  repo: PlatformConfigRepo;
  codec: ValueCodec;
  ids: IdGenerator;
  clock: Clock;
  /** The POD this process serves (`GPUBROKER_POD_ID`). */
  currentPodId: string;
  /**
   * What the environment lacks for LIVE (e.g. a mail transport that really delivers), as
   * errors with paths under `/environment/…`; checked with the parameters before going LIVE.
   */
  liveReadiness?: () => FieldError[];
  /** After a committed change: tell every instance (hot reload) and queue secret syncs. */
  afterCommit(podId: string, changedSecrets: Array<{ key: string; column: ModeColumn }>): Promise<void>;
}

const COLUMNS: ModeColumn[] = ['sandbox', 'live'];
const FIELD_OF: Record<ModeColumn, 'sandboxValue' | 'liveValue'> = {
  sandbox: 'sandboxValue',
  live: 'liveValue',
};

/** PODs, their typed parameters, mode switches, audit, import and export. */
export function createPlatformConfigService(deps: PlatformConfigDeps) {
  const { database, repo, codec, clock } = deps;

  function view(
    pod: PodRow,
    def: ParameterDefinition | undefined,
    row: ParameterRow | undefined,
  ): ParameterView {
    const type = row?.parameterType ?? def!.type;
    const key = row?.key ?? def!.key;
    const shown = (column: ModeColumn) => {
      const stored = row?.[FIELD_OF[column]] ?? null;
      if (stored !== null) return codec.view(pod.podId, key, column, type, stored);
      return type === 'secret' ? null : (def?.default ?? null);
    };
    return {
      key,
      parameterType: type,
      description: row?.description ?? def?.description ?? null,
      sandboxValue: shown('sandbox'),
      liveValue: shown('live'),
      effectiveValue: shown(columnOf(pod.mode)),
      effectiveMode: pod.mode,
      source: row ? 'set' : 'default',
      wellKnown: def !== undefined,
      liveRequired: def?.liveRequired ?? false,
      validation: describeRule(def?.rule ?? row?.validation ?? undefined),
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  }

  /** Checks one change against the key's type and rule; the row to write, or the errors (with `path`). */
  function plan(
    pod: PodRow,
    existing: ParameterRow | undefined,
    change: ParameterChange,
    path: string,
    errors: FieldError[],
  ): PlannedChange | null {
    const before = errors.length;
    const def = definitionOf(change.key);
    if (!def && !FREE_KEY_PATTERN.test(change.key)) {
      errors.push({
        path: `${path}/key`,
        message: 'must be dotted lower-case words, e.g. feature.beta_banner',
      });
      return null;
    }
    const type = def?.type ?? existing?.parameterType ?? change.parameterType;
    if (def && change.parameterType && change.parameterType !== def.type)
      errors.push({ path: `${path}/parameter_type`, message: `must be ${def.type} for this well-known key` });
    if (!def && !type)
      errors.push({
        path: `${path}/parameter_type`,
        message: 'is required for a key that is not well known (is the key spelled right?)',
      });
    if (!def && existing && change.parameterType && change.parameterType !== existing.parameterType)
      errors.push({
        path: `${path}/parameter_type`,
        message: 'cannot change; delete the parameter and create it again',
      });
    if (def && change.validation)
      errors.push({ path: `${path}/validation`, message: 'is fixed for a well-known key' });
    const rule =
      def?.rule ?? (change.validation === undefined ? existing?.validation : change.validation) ?? undefined;
    if (!def && change.validation?.pattern !== undefined) {
      try {
        new RegExp(change.validation.pattern);
      } catch {
        errors.push({ path: `${path}/validation/pattern`, message: 'is not a valid regular expression' });
      }
    }
    if (errors.length > before || !type) return null;

    const oldView = existing ? view(pod, def, existing) : null;
    if (change.delete) {
      if (!existing)
        return {
          key: change.key,
          action: 'unchanged',
          row: null,
          fields: [],
          liveChanged: false,
          oldView,
          newView: null,
        };
      return {
        key: change.key,
        action: 'delete',
        row: null,
        fields: ['sandbox_value', 'live_value'],
        liveChanged: existing.liveValue !== null,
        oldView: pick(oldView),
        newView: null,
      };
    }

    const stored: Record<ModeColumn, string | null> = {
      sandbox: existing?.sandboxValue ?? null,
      live: existing?.liveValue ?? null,
    };
    const fields: string[] = [];
    for (const column of COLUMNS) {
      const incoming = change[FIELD_OF[column]];
      if (incoming === undefined || (type === 'secret' && isMasked(incoming))) continue;
      const problem = checkValue(type, incoming, rule);
      if (problem) {
        errors.push({ path: `${path}/${column}_value`, message: problem });
        continue;
      }
      const current =
        stored[column] === null ? null : codec.decode(pod.podId, change.key, column, type, stored[column]);
      if (JSON.stringify(current) === JSON.stringify(incoming)) continue;
      stored[column] = codec.encode(pod.podId, change.key, column, type, incoming);
      fields.push(`${column}_value`);
    }
    const description =
      change.description === undefined ? (existing?.description ?? null) : change.description;
    if (description !== (existing?.description ?? null)) fields.push('description');
    const validation = def
      ? null
      : ((change.validation === undefined ? existing?.validation : change.validation) ?? null);
    if (!def && JSON.stringify(validation) !== JSON.stringify(existing?.validation ?? null))
      fields.push('validation');
    if (errors.length > before) return null;

    const row = {
      podId: pod.podId,
      key: change.key,
      parameterType: type,
      sandboxValue: stored.sandbox,
      liveValue: stored.live,
      description,
      validation,
    };
    const action = !existing ? 'create' : fields.length > 0 ? 'update' : 'unchanged';
    return {
      key: change.key,
      action,
      row,
      fields,
      liveChanged: fields.includes('live_value'),
      oldView: pick(oldView),
      newView: pick(view(pod, def, { ...row, updatedAt: clock.now(), updatedBy: null })),
    };
  }

  /** Writes planned changes with their audit rows, in the caller's transaction. */
  async function apply(
    tx: DbExecutor,
    pod: PodRow,
    planned: PlannedChange[],
    actor: Actor,
    action?: AuditAction,
  ): Promise<Array<{ key: string; column: ModeColumn }>> {
    const now = clock.now();
    const secrets: Array<{ key: string; column: ModeColumn }> = [];
    for (const p of planned) {
      if (p.action === 'unchanged') continue;
      if (p.action === 'delete') await repo.deleteParameter(pod.podId, p.key, tx);
      else await repo.upsertParameter({ ...p.row!, updatedAt: now, updatedBy: actor.email }, tx);
      const type =
        p.row?.parameterType ?? (p.oldView as { parameter_type?: ParameterType } | null)?.parameter_type;
      if (type === 'secret')
        for (const column of COLUMNS)
          if (p.action === 'delete' || p.fields.includes(`${column}_value`))
            secrets.push({ key: p.key, column });
      await audit(tx, pod.podId, actor, action ?? auditActionOf(p.action), p.key, p.oldView, p.newView, now);
    }
    return secrets;
  }

  async function audit(
    tx: DbExecutor,
    podId: string,
    actor: Actor,
    action: AuditAction,
    key: string | null,
    oldValue: unknown,
    newValue: unknown,
    at: Date = clock.now(),
  ): Promise<void> {
    await repo.audit(
      {
        id: deps.ids.newId('audit'),
        podId,
        at,
        actorId: actor.id,
        actor: actor.email,
        key,
        action,
        oldValue: oldValue ?? null,
        newValue: newValue ?? null,
        requestId: actor.requestId ?? null,
      },
      tx,
    );
  }

  function confirmProblem(
    pod: PodRow,
    planned: PlannedChange[],
    confirm: string | undefined,
    path: string,
  ): FieldError | null {
    if (pod.mode !== 'LIVE' || !planned.some((p) => p.liveChanged) || confirm === pod.podId) return null;
    return { path, message: `must equal the POD id (${pod.podId}) to change what LIVE does` };
  }

  /** Runs `fn` on the locked POD in a transaction; not_found when it does not exist. */
  async function withPod<T, C extends 'not_found' | 'validation_failed' | 'conflict'>(
    podId: string,
    fn: (tx: DbExecutor, pod: PodRow) => Promise<Result<T, C>>,
  ): Promise<Result<T, C | 'not_found'>> {
    return database.transaction(async (tx) => {
      const pod = await repo.podForUpdate(podId, tx);
      if (!pod) return fail('not_found', `No POD ${podId}.`);
      return fn(tx, pod);
    });
  }

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
        const rows = new Map((await repo.parameters(podId, tx)).map((r) => [r.key, r]));
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

  async function getParameter(podId: string, key: string): Promise<Result<ParameterView, 'not_found'>> {
    const pod = await repo.pod(podId);
    if (!pod) return fail('not_found', `No POD ${podId}.`);
    const row = await repo.parameter(podId, key);
    const def = definitionOf(key);
    if (!row && !def) return fail('not_found', `No parameter ${key}.`);
    return ok(view(pod, def, row));
  }

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
          const rows = new Map((await repo.parameters(podId, tx)).map((r) => [r.key, r]));
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

    async listParameters(podId: string): Promise<Result<ParameterView[], 'not_found'>> {
      const pod = await repo.pod(podId);
      if (!pod) return fail('not_found', `No POD ${podId}.`);
      const rows = new Map((await repo.parameters(podId)).map((r) => [r.key, r]));
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
      const pod = await repo.pod(podId);
      if (!pod) return fail('not_found', `No POD ${podId}.`);
      const rows = new Map((await repo.parameters(podId)).map((r) => [r.key, r]));
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
        const pod = await repo.pod(podId);
        if (!pod) return fail('not_found', `No POD ${podId}.`);
        const rows = new Map((await repo.parameters(podId)).map((r) => [r.key, r]));
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

function auditActionOf(action: PlannedChange['action']): AuditAction {
  return action === 'create'
    ? 'parameter_created'
    : action === 'delete'
      ? 'parameter_deleted'
      : 'parameter_updated';
}

/** What the audit log keeps of a parameter view: its values (secrets already masked). */
function pick(v: ParameterView | null): unknown {
  if (!v) return null;
  return {
    parameter_type: v.parameterType,
    sandbox_value: v.sandboxValue,
    live_value: v.liveValue,
    description: v.description,
  };
}

function podSummary(pod: PodRow) {
  return { name: pod.name, mode: pod.mode, aws_region: pod.awsRegion, feature_flags: pod.featureFlags };
}

export type PlatformConfigService = ReturnType<typeof createPlatformConfigService>;
