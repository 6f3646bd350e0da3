import { describe, expect, it } from 'vitest';
import { readDatasetText } from '../assets.js';
import { parseSkypilotCatalog } from './skypilot.js';

// rows / withAccelerator: assets/datasets/catalog/README.md. offers / spot / invalid were counted
// independently with Python's csv module (GPU rows with a positive Price, plus one spot offer per
// positive SpotPrice; GCP composed per the host rule in gcp-hosts.ts).
const FILES = [
  { provider: 'aws', rows: 31_978, withAccelerator: 1_598, offers: 3_164, spot: 1_566, invalid: 0 },
  // 4 rows with an empty Price (westus NV*as_v4) and 5 H100 preview sizes priced 0.0.
  { provider: 'azure', rows: 6_829, withAccelerator: 269, offers: 485, spot: 225, invalid: 9 },
  { provider: 'lambda', rows: 182, withAccelerator: 182, offers: 182, spot: 0, invalid: 0 },
  { provider: 'runpod', rows: 480, withAccelerator: 480, offers: 640, spot: 160, invalid: 0 },
  { provider: 'vast', rows: 67, withAccelerator: 67, offers: 67, spot: 0, invalid: 0 },
  { provider: 'fluidstack', rows: 66, withAccelerator: 66, offers: 66, spot: 0, invalid: 0 },
  { provider: 'cudo', rows: 69, withAccelerator: 69, offers: 69, spot: 0, invalid: 0 },
  { provider: 'paperspace', rows: 15, withAccelerator: 10, offers: 10, spot: 0, invalid: 0 },
  { provider: 'ovhcloud', rows: 42, withAccelerator: 42, offers: 42, spot: 0, invalid: 0 },
  { provider: 'ibm', rows: 54, withAccelerator: 27, offers: 27, spot: 0, invalid: 0 },
  { provider: 'scp', rows: 443, withAccelerator: 12, offers: 12, spot: 0, invalid: 0 },
] as const;

describe('parseSkypilotCatalog over the real catalogs', () => {
  it.each(FILES)('$provider: README row figures, offers, spot, unique ids', async (f) => {
    const result = parseSkypilotCatalog(await readDatasetText('catalog', `${f.provider}.csv`), {
      provider: f.provider,
    });
    expect(result.rowsRead).toBe(f.rows);
    expect(result.skippedCpuOnly).toBe(f.rows - f.withAccelerator);
    expect(result.skippedInvalid).toHaveLength(f.invalid);
    expect(result.offers).toHaveLength(f.offers);
    expect(result.offers.length).toBeGreaterThanOrEqual(f.withAccelerator - f.invalid);
    expect(result.offers.filter((o) => o.spot)).toHaveLength(f.spot);
    expect(new Set(result.offers.map((o) => o.providerOfferId)).size).toBe(result.offers.length);
    for (const o of result.offers) {
      expect(o.gpuName).not.toBe('');
      expect(Number.isInteger(o.gpuCount) && o.gpuCount >= 1).toBe(true);
      expect(o.pricePerHour).toBeGreaterThan(0);
      expect(o.availability).toBe('available');
      expect(o.storageGb).toBe(0);
      expect(o.providerOfferId.endsWith(':spot')).toBe(o.spot);
      expect(o.region).not.toMatch(/\r/);
    }
  });

  it('gcp.csv: accelerator rows composed with host VMs; duplicates and host-less shapes skipped', async () => {
    const result = parseSkypilotCatalog(await readDatasetText('catalog', 'gcp.csv'), { provider: 'gcp' });
    expect(result.rowsRead).toBe(15_616);
    // 689 accelerator rows; the 14,927 others are VM types (hosts or CPU-only), never offers by themselves.
    expect(result.skippedCpuOnly).toBe(15_616 - 689);
    // 35 TPU rows repeated verbatim; 11 A100 × 16 rows in zones listing no a2-megagpu-16g.
    const reasons = result.skippedInvalid.map((s) => s.reason);
    expect(reasons.filter((r) => r.startsWith('duplicate offer id'))).toHaveLength(35);
    expect(reasons.filter((r) => r.startsWith('host VM a2-megagpu-16g not listed'))).toHaveLength(11);
    expect(result.skippedInvalid).toHaveLength(46);
    // 643 composed/standalone offers (67 of them TPUs) + 642 spot twins.
    expect(result.offers).toHaveLength(1_285);
    expect(result.offers.filter((o) => o.spot)).toHaveLength(642);
    expect(result.offers.filter((o) => o.gpuName.startsWith('tpu-') && !o.spot)).toHaveLength(67);
    expect(new Set(result.offers.map((o) => o.providerOfferId)).size).toBe(result.offers.length);
    expect(result.offers.every((o) => o.country !== null)).toBe(true);
  });

  it('reads a CRLF file exactly like its LF twin', async () => {
    const crlf = await readDatasetText('catalog', 'lambda.csv');
    expect(crlf).toContain('\r\n');
    const lf = crlf.replace(/\r\n/g, '\n');
    expect(parseSkypilotCatalog(lf, { provider: 'lambda' })).toEqual(
      parseSkypilotCatalog(crlf, { provider: 'lambda' }),
    );
  });
});
