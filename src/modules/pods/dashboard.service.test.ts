import { describe, expect, it } from 'vitest';
import { spendMicros } from './dashboard.service.js';
import type { HistoryRow, PodRow } from './pods.repo.js';

const at = (iso: string) => new Date(iso);
// $2/h provider price, 15 % markup → $2.30/h compute; storage $0.01/h.
const pod = { pricePerHourMicros: 2_000_000, markupPercent: 15, storagePerHourMicros: 10_000 } as PodRow;
const history = (entries: Array<[HistoryRow['status'], string]>): HistoryRow[] =>
  entries.map(([status, iso], i) => ({ id: `h${i}`, podId: 'pod_1', status, at: at(iso), detail: null }));

describe('spend from the status history', () => {
  const h = history([
    ['pending', '2026-11-01T09:00:00Z'],
    ['provisioning', '2026-11-01T09:00:01Z'],
    ['ready', '2026-11-01T09:30:00Z'],
    ['running', '2026-11-01T10:00:00Z'],
    ['stopped', '2026-11-01T12:00:00Z'],
    ['running', '2026-11-01T14:00:00Z'],
    ['terminated', '2026-11-01T15:00:00Z'],
  ]);

  it('charges compute + storage while running, storage while ready or stopped, nothing else', () => {
    // ready 0.5 h × 0.01 + running 2 h × 2.31 + stopped 2 h × 0.01 + running 1 h × 2.31 = 6.955
    expect(spendMicros(pod, h, at('2026-11-01T00:00:00Z'), at('2026-11-30T00:00:00Z'))).toBe(6_955_000);
  });

  it('counts only the part inside the period', () => {
    // running 10:30–12:00 = 1.5 h × 2.31 = 3.465; stopped 12:00–13:00 = 0.01
    expect(spendMicros(pod, h, at('2026-11-01T10:30:00Z'), at('2026-11-01T13:00:00Z'))).toBe(3_475_000);
  });

  it('runs the last status on to the end of the period (a pod still running)', () => {
    const open = history([['running', '2026-11-01T10:00:00Z']]);
    expect(spendMicros(pod, open, at('2026-11-01T00:00:00Z'), at('2026-11-01T10:30:00Z'))).toBe(1_155_000);
  });
});
