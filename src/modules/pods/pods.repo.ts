import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { type DbExecutor, keysetAfter, keysetPage, keysetTimestamp } from '../../platform/db/index.js';
import { isActive, POD_STATUSES, type PodStatus } from './pod-state.js';
import { podActivationTokens, podDrafts, podStatusHistory, pods, userActivity } from './pods.tables.js';

export type DraftRow = typeof podDrafts.$inferSelect;
export type PodRow = typeof pods.$inferSelect;
export type PodInsert = typeof pods.$inferInsert;
export type HistoryRow = typeof podStatusHistory.$inferSelect;
export type ActivityRow = typeof userActivity.$inferSelect;

type Page<R> = { items: R[]; nextCursor: string | null };

/** All the SQL of pods, drafts, their history, activation tokens and the activity log. */
export function createPodsRepo(db: DbExecutor) {
  return {
    async insertDraft(row: DraftRow, exec: DbExecutor = db): Promise<void> {
      await exec.insert(podDrafts).values(row);
    },

    async draft(userId: string, id: string, exec: DbExecutor = db): Promise<DraftRow | undefined> {
      const [row] = await exec
        .select()
        .from(podDrafts)
        .where(and(eq(podDrafts.userId, userId), eq(podDrafts.id, id)));
      return row;
    },

    /** Newest first; throws AppError `bad_request` for a foreign cursor. */
    async drafts(userId: string, q: { limit: number; cursor?: string }, exec: DbExecutor = db) {
      const rows = await exec
        .select({ ...getTableColumns(podDrafts), cursorTs: keysetTimestamp(podDrafts.createdAt) })
        .from(podDrafts)
        .where(
          and(
            eq(podDrafts.userId, userId),
            q.cursor ? keysetAfter(podDrafts.createdAt, podDrafts.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(podDrafts.createdAt), desc(podDrafts.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit) as Page<DraftRow>;
    },

    async updateDraft(
      userId: string,
      id: string,
      set: Partial<DraftRow>,
      exec: DbExecutor = db,
    ): Promise<DraftRow | undefined> {
      const [row] = await exec
        .update(podDrafts)
        .set(set)
        .where(and(eq(podDrafts.userId, userId), eq(podDrafts.id, id)))
        .returning();
      return row;
    },

    async deleteDraft(userId: string, id: string, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .delete(podDrafts)
        .where(and(eq(podDrafts.userId, userId), eq(podDrafts.id, id)))
        .returning({ id: podDrafts.id });
      return rows.length > 0;
    },

    async insertPod(row: PodInsert, exec: DbExecutor): Promise<PodRow> {
      const [inserted] = await exec.insert(pods).values(row).returning();
      if (!inserted) throw new Error(`pod ${row.id} not returned by its insert`);
      return inserted;
    },

    /** The pod of `userId` (null `userId`: any owner — workers). */
    async pod(id: string, userId: string | null, exec: DbExecutor = db): Promise<PodRow | undefined> {
      const [row] = await exec
        .select()
        .from(pods)
        .where(and(eq(pods.id, id), userId === null ? undefined : eq(pods.userId, userId)));
      return row;
    },

    /** Locks the pod row until the transaction ends (the worker and the routes serialise on it). */
    async lockPod(id: string, exec: DbExecutor): Promise<PodRow | undefined> {
      const [row] = await exec.select().from(pods).where(eq(pods.id, id)).for('update');
      return row;
    },

    async pods(
      userId: string,
      q: { limit: number; cursor?: string; status?: PodStatus },
      exec: DbExecutor = db,
    ): Promise<Page<PodRow>> {
      const rows = await exec
        .select({ ...getTableColumns(pods), cursorTs: keysetTimestamp(pods.createdAt) })
        .from(pods)
        .where(
          and(
            eq(pods.userId, userId),
            q.status ? eq(pods.status, q.status) : undefined,
            q.cursor ? keysetAfter(pods.createdAt, pods.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(pods.createdAt), desc(pods.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit) as Page<PodRow>;
    },

    /** Pods counted against the plan's running-pods limit (not terminated or failed). */
    async activeCount(userId: string, exec: DbExecutor = db): Promise<number> {
      const active = POD_STATUSES.filter(isActive);
      const [row] = await exec
        .select({ n: sql<number>`count(*)::int` })
        .from(pods)
        .where(and(eq(pods.userId, userId), inArray(pods.status, active)));
      return row?.n ?? 0;
    },

    async updatePod(id: string, set: Partial<PodInsert>, exec: DbExecutor): Promise<PodRow> {
      const [row] = await exec.update(pods).set(set).where(eq(pods.id, id)).returning();
      if (!row) throw new Error(`pod ${id} vanished during an update`);
      return row;
    },

    async appendHistory(row: HistoryRow, exec: DbExecutor): Promise<void> {
      await exec.insert(podStatusHistory).values(row);
    },

    /** Oldest first (the order a timeline reads). */
    async history(podIds: string[], exec: DbExecutor = db): Promise<HistoryRow[]> {
      if (podIds.length === 0) return [];
      return exec
        .select()
        .from(podStatusHistory)
        .where(inArray(podStatusHistory.podId, podIds))
        .orderBy(asc(podStatusHistory.at), asc(podStatusHistory.id));
    },

    /** Each pod's history, oldest first, grouped by pod in one pass. */
    async historyByPod(podIds: string[], exec: DbExecutor = db): Promise<Map<string, HistoryRow[]>> {
      const byPod = new Map<string, HistoryRow[]>();
      for (const h of await this.history(podIds, exec)) {
        const list = byPod.get(h.podId);
        if (list) list.push(h);
        else byPod.set(h.podId, [h]);
      }
      return byPod;
    },

    async insertActivationToken(row: typeof podActivationTokens.$inferInsert, exec: DbExecutor) {
      await exec.insert(podActivationTokens).values(row);
    },

    /**
     * Spends an activation token in one statement (two concurrent uses: one wins). Returns its pod
     * id, or null when the token is unknown, used or expired.
     */
    async spendActivationToken(tokenHash: string, now: Date, exec: DbExecutor): Promise<string | null> {
      const rows = await exec
        .update(podActivationTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(podActivationTokens.tokenHash, tokenHash),
            sql`${podActivationTokens.usedAt} is null`,
            sql`${podActivationTokens.expiresAt} > ${now}`,
          ),
        )
        .returning({ podId: podActivationTokens.podId });
      return rows[0]?.podId ?? null;
    },

    async hasActivationToken(podId: string, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .select({ podId: podActivationTokens.podId })
        .from(podActivationTokens)
        .where(eq(podActivationTokens.podId, podId))
        .limit(1);
      return rows.length > 0;
    },

    async addActivity(row: ActivityRow, exec: DbExecutor = db): Promise<void> {
      await exec.insert(userActivity).values(row);
    },

    async activity(userId: string, q: { limit: number; cursor?: string }, exec: DbExecutor = db) {
      const rows = await exec
        .select({ ...getTableColumns(userActivity), cursorTs: keysetTimestamp(userActivity.at) })
        .from(userActivity)
        .where(
          and(
            eq(userActivity.userId, userId),
            q.cursor ? keysetAfter(userActivity.at, userActivity.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(userActivity.at), desc(userActivity.id))
        .limit(q.limit + 1);
      return keysetPage(rows, q.limit) as Page<ActivityRow>;
    },

    /** Pods whose provisioning is due a step (the worker's recovery sweep after a restart). */
    async podsIn(statuses: PodStatus[], exec: DbExecutor = db): Promise<PodRow[]> {
      return exec.select().from(pods).where(inArray(pods.status, statuses));
    },
  };
}

export type PodsRepo = ReturnType<typeof createPodsRepo>;
