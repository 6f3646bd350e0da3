/** What one client process reports (see clients.ts). */
export interface ClientReport {
  sockets: number;
  ready: number;
  failed: number;
  delivered: number;
  closes: Record<string, number>;
  events: Array<{ seq: number; stamp: number; deliveries: number; last_at: number; latencies_ms: number[] }>;
}

export interface FanoutFigures {
  /** Median over the measured publishes of (last socket's receive − publish stamp). */
  time_to_last_delivery_ms: number;
  time_to_last_delivery_min_ms: number;
  time_to_last_delivery_max_ms: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  latency_max_ms: number;
  /** Sockets ÷ median time to last delivery. */
  deliveries_per_s: number;
  /** Deliveries expected (sockets × measured publishes) that never arrived. */
  missing_deliveries: number;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Merges the client processes' reports over the publishes stamped `measured` (warm-up left out). */
export function fanoutFigures(reports: ClientReport[], measured: number[], sockets: number): FanoutFigures {
  const lastAt = new Map<number, number>();
  const wanted = new Set(measured);
  let count = 0;
  for (const r of reports) for (const e of r.events) if (wanted.has(e.stamp)) count += e.latencies_ms.length;
  const latencies = new Float64Array(count);
  let i = 0;
  let delivered = 0;
  for (const r of reports)
    for (const e of r.events) {
      if (!wanted.has(e.stamp)) continue;
      lastAt.set(e.stamp, Math.max(lastAt.get(e.stamp) ?? 0, e.last_at));
      delivered += e.deliveries;
      for (const l of e.latencies_ms) latencies[i++] = l;
    }
  latencies.sort();
  const ttl = measured
    .filter((stamp) => lastAt.has(stamp))
    .map((stamp) => lastAt.get(stamp)! - stamp)
    .sort((a, b) => a - b);
  const median = ttl.length === 0 ? Number.NaN : (ttl[(ttl.length - 1) >> 1]! + ttl[ttl.length >> 1]!) / 2;
  return {
    time_to_last_delivery_ms: round(median),
    time_to_last_delivery_min_ms: round(ttl[0] ?? Number.NaN),
    time_to_last_delivery_max_ms: round(ttl.at(-1) ?? Number.NaN),
    latency_p50_ms: round(percentile(latencies, 50)),
    latency_p99_ms: round(percentile(latencies, 99)),
    latency_max_ms: round(latencies.length ? latencies[latencies.length - 1]! : Number.NaN),
    deliveries_per_s: Math.round(sockets / (median / 1000)),
    missing_deliveries: sockets * measured.length - delivered,
  };
}

/** Bytes per connection: (after − before) ÷ connections. */
export function perConnection(
  before: { rss: number; heap_used: number },
  after: { rss: number; heap_used: number },
  connections: number,
) {
  return {
    rss_bytes: Math.round((after.rss - before.rss) / connections),
    heap_used_bytes: Math.round((after.heap_used - before.heap_used) / connections),
    rss_before_mb: round(before.rss / 2 ** 20, 1),
    rss_after_mb: round(after.rss / 2 ** 20, 1),
  };
}
