import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbExecutor } from '../../platform/db/index.js';
import { mfaBackupCodes } from './identity.tables.js';

/** One-time MFA backup codes, stored as hashes only. */
export function createBackupCodesRepo(db: DbExecutor) {
  return {
    /** Replaces every code of the user with `codeHashes`. */
    async replace(userId: string, codeHashes: string[], now: Date, exec: DbExecutor = db): Promise<void> {
      await exec.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, userId));
      if (codeHashes.length === 0) return;
      await exec
        .insert(mfaBackupCodes)
        .values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
    },

    /** Spends an unused code in one statement (a code used twice concurrently works once). */
    async spend(userId: string, codeHash: string, now: Date, exec: DbExecutor = db): Promise<boolean> {
      const rows = await exec
        .update(mfaBackupCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(mfaBackupCodes.userId, userId),
            eq(mfaBackupCodes.codeHash, codeHash),
            isNull(mfaBackupCodes.usedAt),
          ),
        )
        .returning({ userId: mfaBackupCodes.userId });
      return rows.length === 1;
    },

    async remaining(userId: string, exec: DbExecutor = db): Promise<number> {
      const [row] = await exec
        .select({ n: count() })
        .from(mfaBackupCodes)
        .where(and(eq(mfaBackupCodes.userId, userId), isNull(mfaBackupCodes.usedAt)));
      return row?.n ?? 0;
    },
  };
}

export type BackupCodesRepo = ReturnType<typeof createBackupCodesRepo>;
