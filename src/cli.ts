import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createPlatform, wireModules } from './app/container.js';
import { ConfigError, loadProcessConfig } from './platform/config/config.js';
import { DataDirLockedError } from './platform/db/index.js';
import { isAppError } from './platform/errors/app-error.js';

const USAGE = `Usage:
  npm run cli -- catalog import --provider <id> --format skypilot|gpuhunt <file.csv>
  npm run cli -- catalog sync --provider <id>

Works on the database the environment names (DATABASE_URL, or the embedded one in
GPUBROKER_DATA_DIR). The embedded database belongs to one process: while the server runs on it,
use the HTTP route instead (POST /api/v2/admin/catalog/import).`;

/** Operator commands: the same services the HTTP routes call, for scripts and maintenance. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { provider: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [area, command, file] = positionals;
  if (values.help || area !== 'catalog' || !command) return usage();
  if (!values.provider) return usage('--provider is required');

  if (command !== 'import' && command !== 'sync') return usage(`unknown command: catalog ${command}`);
  const format = values.format;
  if (command === 'import' && format !== 'skypilot' && format !== 'gpuhunt')
    return usage('--format must be skypilot or gpuhunt');
  if (command === 'import' && !file) return usage('the CSV file is missing');
  const text = command === 'import' ? await readFile(file as string, 'utf8') : '';

  const config = loadProcessConfig();
  const platform = await createPlatform(config);
  const modules = wireModules(platform, { catalog: { autoSync: false } });
  try {
    await modules.platformConfig.start();
    if (command === 'import') {
      const result = await modules.catalog.imports.importFile({
        provider: values.provider,
        format: format as 'skypilot' | 'gpuhunt',
        text,
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const report = await modules.catalog.sync.syncProvider(values.provider, { fresh: true });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await modules.platformConfig.stop();
    await platform.close();
  }
}

function usage(problem?: string): number {
  if (problem) process.stderr.write(`${problem}\n\n`);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof DataDirLockedError)
      process.stderr.write(`${err.message}\n`);
    else if (isAppError(err)) {
      process.stderr.write(`${err.code}: ${err.detail ?? err.message}\n`);
      for (const e of err.errors ?? []) process.stderr.write(`  ${e.path}: ${e.message}\n`);
    } else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
