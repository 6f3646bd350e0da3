import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The drizzle-kit migrations folder, found from this file whether run from src or a bundle. */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = resolve(dir, 'drizzle');
    if (existsSync(resolve(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    'drizzle migrations folder not found (expected drizzle/meta/_journal.json at the repo root)',
  );
}

/** Advisory-lock key that serialises migrations across processes sharing one PostgreSQL. */
export const MIGRATION_LOCK_KEY = 7_351_234_001;
