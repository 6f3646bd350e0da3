import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * An exclusive lock on the embedded database directory. PGlite has no multi-process support:
 * two processes writing one data dir lose rows silently, so the second one must refuse to start.
 * The lock is a file created with O_EXCL holding the owner's pid; a lock left by a dead process
 * on this host is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data directory ${dir} is in use by another GPUBROKER process (pid ${ownerPid}). ` +
        'Stop that process, or point GPUBROKER_DATA_DIR at another directory, or set DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'gpubroker.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(path);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // unreadable lock (crash while writing it): treat as stale
      }
      const pid = Number(owner.pid);
      if (Number.isInteger(pid) && pid > 0 && (owner.host !== hostname() || isAlive(pid))) {
        throw new DataDirLockedError(dir, pid);
      }
      try {
        unlinkSync(path); // stale lock from a process that died: take it over
      } catch {
        // another starter removed it first; the next attempt decides
      }
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
