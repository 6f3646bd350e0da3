import { desc, eq, isNull } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { signingKeys } from './identity.tables.js';

export type SigningKeyRow = typeof signingKeys.$inferSelect;

/** Access-token signing keys. */
export function createSigningKeysRepo(db: DbExecutor) {
  return {
    async insert(row: typeof signingKeys.$inferInsert): Promise<void> {
      await db.insert(signingKeys).values(row);
    },

    /** Keys that are not retired, newest first (the first one signs). */
    async active(): Promise<SigningKeyRow[]> {
      return db
        .select()
        .from(signingKeys)
        .where(isNull(signingKeys.retiredAt))
        .orderBy(desc(signingKeys.createdAt), desc(signingKeys.kid));
    },

    async retire(kid: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(signingKeys)
        .set({ retiredAt: now })
        .where(eq(signingKeys.kid, kid))
        .returning({ kid: signingKeys.kid });
      return rows.length > 0;
    },
  };
}

export type SigningKeysRepo = ReturnType<typeof createSigningKeysRepo>;
