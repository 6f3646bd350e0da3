import type { UsageRow } from './billing.repo.js';
import type { InvoiceLine } from './billing.tables.js';

/** One month's usage records as invoice lines: per pod, compute (with markup) and storage. */
export function usageLines(records: UsageRow[]): InvoiceLine[] {
  const byPod = new Map<
    string,
    { name: string; gpu: string; running: number; compute: number; storageSeconds: number; storage: number }
  >();
  for (const r of records) {
    const pod = byPod.get(r.podId) ?? {
      name: r.podName,
      gpu: `${r.gpuCount}× ${r.gpuModel} on ${r.provider}`,
      running: 0,
      compute: 0,
      storageSeconds: 0,
      storage: 0,
    };
    if (r.status === 'running') {
      pod.running += r.seconds;
      pod.compute += r.computeMicros + r.markupMicros;
    }
    pod.storageSeconds += r.seconds;
    pod.storage += r.storageMicros;
    byPod.set(r.podId, pod);
  }
  const lines: InvoiceLine[] = [];
  for (const [podId, p] of byPod) {
    if (p.running > 0)
      lines.push({
        kind: 'usage',
        description: `${p.name}: ${p.gpu}, running`,
        pod_id: podId,
        quantity: p.running,
        unit: 'second',
        amount_micros: p.compute,
      });
    if (p.storage > 0)
      lines.push({
        kind: 'usage',
        description: `${p.name}: storage`,
        pod_id: podId,
        quantity: p.storageSeconds,
        unit: 'second',
        amount_micros: p.storage,
      });
  }
  return lines;
}
