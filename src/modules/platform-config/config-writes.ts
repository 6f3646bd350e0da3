import type { Clock } from '../../platform/clock/clock.js';
import type { Database, DbExecutor } from '../../platform/db/index.js';
import { type FieldError, fail, type Result } from '../../platform/errors/app-error.js';
import type { IdGenerator } from '../../platform/ids/ids.js';
import { COLUMNS, type PlannedChange } from './parameter-plan.js';
import type { PlatformConfigRepo, PodRow } from './platform-config.repo.js';
import type { AuditAction, ParameterType } from './platform-config.tables.js';
import type { Actor } from './platform-config.types.js';
import type { ModeColumn } from './values.js';

/** Writing configuration: the POD lock, planned parameter changes and their audit rows. */
export function createConfigWrites(deps: {
  database: Pick<Database, 'transaction'>;
  repo: PlatformConfigRepo;
  ids: IdGenerator;
  clock: Clock;
}) {
  const { database, repo, clock } = deps;

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

  return { apply, audit, confirmProblem, withPod };
}

export type ConfigWrites = ReturnType<typeof createConfigWrites>;

function auditActionOf(action: PlannedChange['action']): AuditAction {
  return action === 'create'
    ? 'parameter_created'
    : action === 'delete'
      ? 'parameter_deleted'
      : 'parameter_updated';
}
