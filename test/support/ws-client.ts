import WebSocket from 'ws';

export type Frame = { type: string; [k: string]: unknown };

/**
 * A real WebSocket client for tests: every frame it receives is kept in order, `next` waits for
 * the first not yet taken that matches, `closed` resolves with the close code and reason.
 */
export interface TestSocket {
  ws: WebSocket;
  frames: Frame[];
  send(message: object): void;
  /** The first frame (after those already taken) matching `match`; rejects after `timeoutMs`. */
  next(match?: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Events of `channel` not yet taken, waiting until there are `count`. */
  events(channel: string, count: number, timeoutMs?: number): Promise<Frame[]>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function openSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, options);
  const frames: Frame[] = [];
  const taken = new Set<number>();
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      wake();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(frames.slice(-10))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return {
    ws,
    frames,
    send: (message) => ws.send(JSON.stringify(message)),
    next(match = () => true, timeoutMs = 5_000) {
      return waitUntil(
        () => {
          const i = frames.findIndex((f, idx) => !taken.has(idx) && match(f));
          if (i < 0) return undefined;
          taken.add(i);
          return frames[i];
        },
        timeoutMs,
        'a matching frame',
      );
    },
    events(channel, count, timeoutMs = 10_000) {
      return waitUntil(
        () => {
          const idx = frames
            .map((f, i) => [f, i] as const)
            .filter(([f, i]) => !taken.has(i) && f.type === 'event' && f.channel === channel)
            .map(([, i]) => i);
          if (idx.length < count) return undefined;
          for (const i of idx.slice(0, count)) taken.add(i);
          return idx.slice(0, count).map((i) => frames[i]!);
        },
        timeoutMs,
        `${count} events on ${channel}`,
      );
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

export const wsUrlOf = (address: string) => `${address.replace(/^http/, 'ws')}/api/v2/ws`;
