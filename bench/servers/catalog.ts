import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApplication } from '../../src/app/app.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { benchCatalogCsv } from '../catalog/catalog-rows.js';

// The whole platform (embedded adapters) with a 50,000-offer catalog imported through the same
// path as an admin's catalog-file import: parse, normalize, one transaction, index rebuild.
const OFFERS = Number(process.env.BENCH_CATALOG_OFFERS ?? 50_000);
// BENCH_PG_URL: run on a throw-away database of that PostgreSQL server instead of PGlite.
const pgUrl = process.env.BENCH_PG_URL;
let databaseUrl: string | undefined;
let dropDatabase = async () => {};
if (pgUrl) {
  const name = `gpb_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}
const config = loadConfig({
  LOG_LEVEL: 'warn',
  PORT: '0',
  GPUBROKER_DATA_DIR: mkdtempSync(join(tmpdir(), 'gpb-bench-catalog-')),
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const application = await createApplication(config, {}, { moduleOptions: { catalog: { autoSync: false } } });
const { catalog } = application.modules;

const csv = await benchCatalogCsv(OFFERS);
const ingestStarted = performance.now();
const imported = await catalog.imports.importFile({ provider: 'bench', format: 'skypilot', text: csv });
const ingestMs = performance.now() - ingestStarted;
if (imported.imported !== OFFERS)
  throw new Error(`bench catalog: ${imported.imported} offers imported, not ${OFFERS}`);

// TOPSIS over the whole catalog: each run with other weights, so no cached ranking answers it.
const topsisMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const w = 0.2 + i / 100;
  const started = performance.now();
  catalog.index.query({
    sort: 'value',
    limit: 50,
    weights: { price: w, performance: 1 - w, vram: 0.1, availability: 0.1 },
  });
  topsisMs.push(performance.now() - started);
}
topsisMs.sort((a, b) => a - b);

await application.app.listen({ port: 0, host: '127.0.0.1' });
const address = application.app.server.address();
process.stdout.write(
  `${JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    catalog: {
      database: databaseUrl ? 'postgresql' : 'pglite',
      offers: imported.imported,
      ingest_ms: Math.round(ingestMs),
      topsis_full_catalog_ms: {
        p50: Number(topsisMs[Math.floor(topsisMs.length / 2)]!.toFixed(2)),
        max: Number(topsisMs.at(-1)!.toFixed(2)),
      },
    },
  })}\n`,
);
process.on('SIGTERM', () =>
  application
    .close()
    .then(dropDatabase)
    .then(() => process.exit(0)),
);
