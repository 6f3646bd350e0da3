import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import type { PodRow } from './pods.repo.js';
import { pods } from './pods.tables.js';

/**
 * The per-pod provisioning lease: a worker takes it before a step and gives it back after, so no
 * transaction stays open across a provider call (PGlite has one connection) and two workers never
 * step one pod at once. A worker that died (SIGKILL) leaves its lease to expire; the next worker
 * takes it over and, as every step is idempotent, carries on where it stopped.
 */
export function createProvisionLease(db: DbExecutor) {
  return {
    /** The pod, leased to `owner` until `now + ms`; undefined when another worker holds it. */
    async take(podId: string, owner: string, now: Date, ms: number): Promise<PodRow | undefined> {
      const [row] = await db
        .update(pods)
        .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + ms) })
        .where(
          and(
            eq(pods.id, podId),
            or(isNull(pods.leaseUntil), lt(pods.leaseUntil, now), eq(pods.leaseOwner, owner)),
          ),
        )
        .returning();
      return row;
    },
    async release(podId: string, owner: string): Promise<void> {
      await db
        .update(pods)
        .set({ leaseOwner: null, leaseUntil: null })
        .where(and(eq(pods.id, podId), eq(pods.leaseOwner, owner)));
    },
  };
}

export type ProvisionLease = ReturnType<typeof createProvisionLease>;
