import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../src/app/app.js';
import { loadConfig } from '../src/platform/config/config.js';
import { createPgliteDatabase } from '../src/platform/db/index.js';

/**
 * The OpenAPI document exactly as the server serves it at `/api/v2/openapi.json`: the real
 * application is built (never listening) on an in-memory PGlite database, asked for its
 * document, and closed. The web client is generated from this, so the two cannot drift apart.
 */
export async function openApiDocument(): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gpb-openapi-'));
  const database = await createPgliteDatabase();
  try {
    const application = await createApplication(
      loadConfig({ LOG_LEVEL: 'silent', GPUBROKER_DATA_DIR: dataDir }),
      { database },
    );
    try {
      // A deep copy: the swagger plugin hands out its cached object.
      return structuredClone(application.app.swagger()) as object;
    } finally {
      await application.close();
    }
  } finally {
    // An override database is the caller's to close (the platform closes only what it opened).
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
