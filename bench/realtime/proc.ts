import { type ChildProcess, spawn } from 'node:child_process';

type Message = Record<string, unknown>;

/**
 * A bench child process (`node --import tsx <script>`) spoken to in lines: commands on its stdin,
 * one JSON object per line on its stdout. Lines that are not JSON (stray logs) are ignored.
 */
export class BenchProcess {
  private readonly inbox: Message[] = [];
  private readonly waiters = new Set<() => void>();
  private exited: string | null = null;
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    script: string,
    options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
  ) {
    this.child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ...options.env },
    });
    let buffer = '';
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        if (!line.startsWith('{')) continue;
        try {
          this.inbox.push(JSON.parse(line) as Message);
        } catch {
          continue;
        }
        for (const wake of this.waiters) wake();
      }
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `${name} exited (${code ?? signal})`;
      for (const wake of this.waiters) wake();
    });
  }

  /** The first unread message with `key` (and `value` there), removed from the inbox; rejects after `timeoutMs`. */
  next(key: string, timeoutMs: number, value?: unknown): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.inbox.findIndex(
          (m) => (key in m && (value === undefined || m[key] === value)) || 'error' in m,
        );
        if (i >= 0) {
          const [m] = this.inbox.splice(i, 1) as [Message];
          done();
          if ('error' in m) reject(new Error(`${this.name}: ${String(m.error)}`));
          else resolve(m);
        } else if (this.exited) {
          done();
          reject(new Error(`${this.exited} while waiting for ${key}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async ask(line: string, key: string, timeoutMs = 30_000): Promise<Message> {
    this.send(line);
    return this.next(key, timeoutMs);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
