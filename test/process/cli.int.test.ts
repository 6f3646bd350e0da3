import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run cli -- catalog …` as an operator runs it: a child process on an embedded data dir.
const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'gpb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      GPUBROKER_DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run cli -- catalog', () => {
  it('imports a SkyPilot file for a new provider and reports what it did', { timeout: 60_000 }, async () => {
    const file = join(dir, 'acme.csv');
    writeFileSync(
      file,
      'InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n' +
        'a100x1,A100-80GB,1,12,120,1.89,us-east-1,A100-80GB,\n' +
        'cpu,,,4,16,0.1,us-east-1,,\n',
    );
    const run = await cli(['catalog', 'import', '--provider', 'acme-cli', '--format', 'skypilot', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      provider: 'acme-cli',
      registered_provider: true,
      rows_read: 2,
      imported: 1,
      skipped_cpu_only: 1,
    });
  });

  it('explains its usage and refuses a bad format', { timeout: 60_000 }, async () => {
    const run = await cli(['catalog', 'import', '--provider', 'acme-cli', '--format', 'csv', 'x.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format must be skypilot or gpuhunt');
    expect(run.stderr).toContain('Usage:');
  });
});
