import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanUpProcesses, dataDir, listening, start } from '../support/process.js';

afterAll(cleanUpProcesses);

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
