import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real entry point in child processes: what an operator sees at start and stop.
const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'gpb-proc-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    err += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function listening(run: Run, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = run
      .stdout()
      .split('\n')
      .find((l) => l.includes('"gpubroker listening"'));
    if (line) return JSON.parse(line).url as string;
    if (run.child.exitCode !== null) throw new Error(`exited early: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not listening after ${timeoutMs} ms: ${run.stderr()}`);
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Each start of a fresh data dir runs initdb (seconds, more on a loaded machine): generous timeouts.
describe('process start-up and shutdown', { timeout: 90_000 }, () => {
  it('a bad PORT exits 1 with one line naming PORT', async () => {
    const run = start({ PORT: 'eighty', GPUBROKER_DATA_DIR: dataDir() });
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gpubroker: Invalid configuration: PORT /);
  });

  it('serves, refuses a second process on the same data dir, and shuts down cleanly on SIGTERM', async () => {
    const dir = dataDir();
    const first = start({ GPUBROKER_DATA_DIR: dir, LOG_LEVEL: 'info' });
    const url = await listening(first);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(existsSync(join(dir, 'gpubroker.lock'))).toBe(true);

    const second = start({ GPUBROKER_DATA_DIR: dir });
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`in use by another GPUBROKER process (pid ${first.child.pid})`);
    // The first process is unharmed.
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toContain('"shutdown complete"');
    expect(existsSync(join(dir, 'gpubroker.lock'))).toBe(false);

    // The data survives and the directory is usable again.
    const third = start({ GPUBROKER_DATA_DIR: dir });
    const url3 = await listening(third);
    expect((await fetch(`${url3}/readyz`)).status).toBe(200);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = dataDir();
    const first = start({ GPUBROKER_DATA_DIR: dir });
    await listening(first);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dir, 'gpubroker.lock'))).toBe(true);
    const second = start({ GPUBROKER_DATA_DIR: dir });
    const url = await listening(second);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
