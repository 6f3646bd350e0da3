import { createInterface } from 'node:readline';
import type { OfferPriceEvent } from '../../src/modules/realtime/index.js';

/**
 * What the realtime bench's processes share: the channel, the event they publish, the clock they
 * stamp it with, and the line protocol on stdin/stdout between the bench and its children.
 */

/** `prices:<canonical model>`: the catalog's GPU registry spells the SXM H100 `H100-80GB-SXM`. */
export const BENCH_GPU = 'H100-80GB-SXM';
export const BENCH_CHANNEL = `prices:${BENCH_GPU}` as const;

/** Wall clock with sub-millisecond resolution, comparable across processes on one machine. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A realistic price event; `bench_published_at` is the publisher's stamp (ms, `wallNow`). Each
 * publish moves another offer: the publisher coalesces price events per offer (≤ 1 per window).
 */
export type BenchPriceEvent = OfferPriceEvent & { bench_published_at: number };

export function benchPriceEvent(n: number, publishedAt: number): BenchPriceEvent {
  return {
    offer_id: `01JBENCHOFFER${String(n).padStart(14, '0')}`,
    provider: 'lambda',
    gpu_model: BENCH_GPU,
    gpu_count: 8,
    region: 'us-east-1',
    spot: false,
    price_per_hour: 23.92 + n / 100,
    previous_price_per_hour: 23.92 + (n - 1) / 100,
    availability: 'available',
    changed_at: new Date(publishedAt).toISOString(),
    bench_published_at: publishedAt,
  };
}

/** Reads commands, one per stdin line; an answer is one JSON line on stdout. */
export function onCommands(handle: (command: string, arg: string) => Promise<unknown> | unknown): void {
  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    const [command = '', arg = ''] = line.trim().split(' ');
    queue = queue
      .then(() => handle(command, arg))
      .then((answer) => {
        if (answer !== undefined) reply(answer);
      })
      .catch((err: unknown) => reply({ error: String(err) }));
  });
  lines.on('close', () => process.exit(0));
}

export function reply(answer: unknown): void {
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

/** Server memory after a full GC (children run with `--expose-gc`). */
export function memory(): { rss: number; heap_used: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap_used: m.heapUsed };
}
