import type { CatalogOffer, ProviderOffer } from './catalog.types.js';
import { resolveGpu, snapVramGb } from './gpus/index.js';

/**
 * An offer in catalog terms before it gets (or keeps) its `ofr_` id: the stored offer's fields,
 * plus the provider's own GPU spelling.
 */
export type NormalizedOffer = Omit<CatalogOffer, 'id' | 'provider' | 'updatedAtMs'> & { gpuRawName: string };

export interface NormalizeResult {
  offers: NormalizedOffer[];
  /** Unknown GPU names with the number of offers carrying each (kept with their raw name). */
  unmapped: Array<{ rawName: string; vramGb: number | null; offersCount: number }>;
  /** Offers refused: broken numbers or a duplicate provider offer id (the first one wins). */
  rejected: Array<{ providerOfferId: string; reason: string }>;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Maps a provider's offers onto the catalog schema: canonical GPU model (the raw name kept when no
 * model matches — never dropped), VRAM snapped to a known size, price in micro-dollars,
 * performance = FP16 TFLOPS × GPU count (a fractional GPU slice gets its share of the card).
 */
export function normalizeOffers(provider: string, input: ProviderOffer[]): NormalizeResult {
  const out: NormalizedOffer[] = [];
  const rejected: NormalizeResult['rejected'] = [];
  const unmapped = new Map<string, { rawName: string; vramGb: number | null; offersCount: number }>();
  const seen = new Set<string>();
  const resolvedOf = new Map<string, ReturnType<typeof resolveGpu>>();
  for (const o of input) {
    const problem = check(o);
    if (problem) {
      rejected.push({ providerOfferId: String(o.providerOfferId ?? ''), reason: problem });
      continue;
    }
    if (seen.has(o.providerOfferId)) {
      rejected.push({ providerOfferId: o.providerOfferId, reason: 'duplicate provider offer id' });
      continue;
    }
    seen.add(o.providerOfferId);
    const reportedVram = o.gpuVramGb && o.gpuVramGb > 0 ? snapVramGb(o.gpuVramGb) : null;
    // Offer ids start with the provider's instance type, which tells variants apart (Lambda
    // `gpu_8x_a100` is SXM, `gpu_1x_a100` PCIe).
    const colon = o.providerOfferId.indexOf(':');
    const hint = colon < 0 ? o.providerOfferId : o.providerOfferId.slice(0, colon);
    // Large catalogs repeat a few hundred (name, VRAM, instance type) triples: resolve each once.
    const memoKey = `${o.gpuName}\u0000${reportedVram}\u0000${hint}`;
    let resolved = resolvedOf.get(memoKey);
    if (!resolved) {
      resolved = resolveGpu(o.gpuName, { vramGb: reportedVram, provider, ...(hint ? { hint } : {}) });
      resolvedOf.set(memoKey, resolved);
    }
    let gpuModel = o.gpuName.trim();
    let vram = reportedVram ?? 0;
    let performance = 0;
    if (resolved.model) {
      gpuModel = resolved.model.model;
      const cardVram = resolved.model.vramGb;
      vram = reportedVram ?? cardVram;
      // A vGPU slice (e.g. 10 GB of an 80 GB A100) delivers about its share of the card.
      const share = cardVram > 0 && vram < cardVram * 0.9 ? vram / cardVram : 1;
      // A chip without a published FP16 figure is rated by its BF16 one, else 0 (unknown).
      const tflops = resolved.model.fp16Tflops ?? resolved.model.bf16Tflops ?? 0;
      performance = round(tflops * o.gpuCount * share, 3);
    } else {
      const key = gpuModel;
      const entry = unmapped.get(key) ?? { rawName: key, vramGb: reportedVram, offersCount: 0 };
      entry.offersCount++;
      unmapped.set(key, entry);
    }
    out.push({
      providerOfferId: o.providerOfferId,
      gpuModel,
      gpuRawName: o.gpuName,
      gpuMapped: resolved.model !== null,
      gpuCount: o.gpuCount,
      gpuVramGb: vram,
      vcpus: round(o.vcpus),
      ramGb: round(o.ramGb),
      storageGb: round(o.storageGb),
      region: o.region,
      country: o.country ? o.country.toUpperCase() : null,
      spot: o.spot,
      availability: o.availability,
      priceMicros: Math.round(o.pricePerHour * 1e6),
      performanceScore: performance,
    });
  }
  return { offers: out, unmapped: [...unmapped.values()], rejected };
}

function check(o: ProviderOffer): string | null {
  if (typeof o.providerOfferId !== 'string' || o.providerOfferId.length === 0) return 'no provider offer id';
  if (o.providerOfferId.length > 300) return 'provider offer id longer than 300 characters';
  if (typeof o.gpuName !== 'string' || o.gpuName.trim() === '') return 'no GPU name';
  if (!Number.isInteger(o.gpuCount) || o.gpuCount < 1 || o.gpuCount > 1024) return 'GPU count out of range';
  if (!Number.isFinite(o.pricePerHour) || o.pricePerHour <= 0 || o.pricePerHour > 100_000)
    return 'price per hour out of range';
  for (const [name, v] of [
    ['vcpus', o.vcpus],
    ['ram_gb', o.ramGb],
    ['storage_gb', o.storageGb],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) return `${name} is not a non-negative number`;
  }
  if (typeof o.region !== 'string' || o.region === '') return 'no region';
  return null;
}
