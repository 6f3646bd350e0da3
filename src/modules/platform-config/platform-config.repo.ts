import { and, asc, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { type DbExecutor, keysetAfter, keysetPage, keysetTimestamp } from '../../platform/db/index.js';
import {
  type AuditAction,
  parameterAuditLog,
  platformPods,
  podParameters,
} from './platform-config.tables.js';

export type PodRow = typeof platformPods.$inferSelect;
export type ParameterRow = typeof podParameters.$inferSelect;
export type AuditRow = typeof parameterAuditLog.$inferSelect;

/** All the SQL of PODs, their parameters and the configuration audit log. */
export function createPlatformConfigRepo(db: DbExecutor) {
  return {
    async pods(exec: DbExecutor = db): Promise<PodRow[]> {
      return exec.select().from(platformPods).orderBy(asc(platformPods.podId));
    },

    async pod(podId: string, exec: DbExecutor = db): Promise<PodRow | undefined> {
      const [row] = await exec.select().from(platformPods).where(eq(platformPods.podId, podId));
      return row;
    },

    /** Locks the POD row for the rest of the transaction (serialises changes to one POD). */
    async podForUpdate(podId: string, exec: DbExecutor): Promise<PodRow | undefined> {
      const [row] = await exec.select().from(platformPods).where(eq(platformPods.podId, podId)).for('update');
      return row;
    },

    /** Inserts unless the pod_id exists; the row, or undefined when it existed. */
    async insertPod(
      row: typeof platformPods.$inferInsert,
      exec: DbExecutor = db,
    ): Promise<PodRow | undefined> {
      const [created] = await exec.insert(platformPods).values(row).onConflictDoNothing().returning();
      return created;
    },

    async updatePod(
      podId: string,
      patch: Partial<Pick<PodRow, 'name' | 'mode' | 'awsRegion' | 'featureFlags' | 'updatedAt'>>,
      exec: DbExecutor = db,
    ): Promise<PodRow | undefined> {
      const [row] = await exec
        .update(platformPods)
        .set(patch)
        .where(eq(platformPods.podId, podId))
        .returning();
      return row;
    },

    async deletePod(podId: string, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .delete(platformPods)
        .where(eq(platformPods.podId, podId))
        .returning({ podId: platformPods.podId });
      return rows.length > 0;
    },

    async parameters(podId: string, exec: DbExecutor = db): Promise<ParameterRow[]> {
      return exec
        .select()
        .from(podParameters)
        .where(eq(podParameters.podId, podId))
        .orderBy(asc(podParameters.key));
    },

    /** The POD's parameter rows by key. */
    async parametersByKey(podId: string, exec: DbExecutor = db): Promise<Map<string, ParameterRow>> {
      const rows = await exec.select().from(podParameters).where(eq(podParameters.podId, podId));
      return new Map(rows.map((r) => [r.key, r]));
    },

    async parameter(podId: string, key: string, exec: DbExecutor = db): Promise<ParameterRow | undefined> {
      const [row] = await exec
        .select()
        .from(podParameters)
        .where(and(eq(podParameters.podId, podId), eq(podParameters.key, key)));
      return row;
    },

    async upsertParameter(
      row: typeof podParameters.$inferInsert,
      exec: DbExecutor = db,
    ): Promise<ParameterRow> {
      const [saved] = await exec
        .insert(podParameters)
        .values(row)
        .onConflictDoUpdate({
          target: [podParameters.podId, podParameters.key],
          set: {
            parameterType: row.parameterType,
            sandboxValue: row.sandboxValue ?? null,
            liveValue: row.liveValue ?? null,
            description: row.description ?? null,
            validation: row.validation ?? null,
            updatedAt: row.updatedAt,
            updatedBy: row.updatedBy ?? null,
          },
        })
        .returning();
      return saved!;
    },

    async deleteParameter(podId: string, key: string, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .delete(podParameters)
        .where(and(eq(podParameters.podId, podId), eq(podParameters.key, key)))
        .returning({ key: podParameters.key });
      return rows.length > 0;
    },

    async audit(row: typeof parameterAuditLog.$inferInsert, exec: DbExecutor = db): Promise<void> {
      await exec.insert(parameterAuditLog).values(row);
    },

    /** Newest first, keyset-paginated on (at, id). Throws AppError `bad_request` for a foreign cursor. */
    async auditPage(
      q: {
        podId: string;
        key?: string | undefined;
        action?: AuditAction | undefined;
        actor?: string | undefined;
        limit: number;
        cursor?: string | undefined;
      },
      exec: DbExecutor = db,
    ): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
      const conditions: SQL[] = [eq(parameterAuditLog.podId, q.podId)];
      if (q.key) conditions.push(eq(parameterAuditLog.key, q.key));
      if (q.action) conditions.push(eq(parameterAuditLog.action, q.action));
      if (q.actor) conditions.push(eq(parameterAuditLog.actor, q.actor));
      if (q.cursor !== undefined)
        conditions.push(keysetAfter(parameterAuditLog.at, parameterAuditLog.id, q.cursor));
      const rows = await exec
        .select({ ...getTableColumns(parameterAuditLog), cursorTs: keysetTimestamp(parameterAuditLog.at) })
        .from(parameterAuditLog)
        .where(and(...conditions))
        .orderBy(desc(parameterAuditLog.at), desc(parameterAuditLog.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit);
    },
  };
}

export type PlatformConfigRepo = ReturnType<typeof createPlatformConfigRepo>;
