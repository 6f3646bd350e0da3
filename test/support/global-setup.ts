import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPgliteDatabase } from '../../src/platform/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a migrated PGlite data-dir dump: each test file starts from it instead of initdb. */
    pgliteTemplate: string;
  }
}

// initdb + migrations take seconds; do them once per run and let every test file load the dump.
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'gpb-pglite-template-'));
  const database = await createPgliteDatabase();
  await database.migrate();
  const dump = await database.client.dumpDataDir('none');
  await database.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
