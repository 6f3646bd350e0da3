import { KEY_ALIASES, PROVIDER_ALIASES, PROVIDER_REWRITES } from './aliases.js';
import type { GpuFormFactor, GpuModel } from './gpu-model.types.js';
import { GPU_MODELS, gpuModel, snapVramGb } from './gpu-models.js';
import { type ParsedGpuName, parseGpuName } from './name-parse.js';

/** Outcome of mapping a provider's GPU name: a canonical model, or why there is none (never thrown). */
export type GpuResolution =
  | { model: GpuModel; matchedBy: 'exact' | 'alias' | 'pattern' }
  | { model: null; reason: string };

/** Extra facts about the offer that help pick a variant when the name alone does not. */
export interface ResolveGpuOptions {
  /** VRAM per GPU as reported (GB; snapped with `snapVramGb`). Picks 40 vs 80 GB, Quadro vs Ada … */
  vramGb?: number | null;
  /** `ProviderId` whose spelling the name uses; enables that provider's aliases and id patterns. */
  provider?: string;
  /** Another string of the same offer (instance type, socket) read only for memory / form factor. */
  hint?: string | null;
}

// Auto keys: each canonical id parsed like a provider name (`A100-80GB-SXM` → `a100`), grouped in
// registry order so a family's first variant stays its default.
const AUTO_KEYS = new Map<string, string[]>();
for (const m of GPU_MODELS) {
  const { key } = parseGpuName(m.model);
  AUTO_KEYS.set(key, [...(AUTO_KEYS.get(key) ?? []), m.model]);
}

// GCP TPU accelerator names: `tpu-v4-8`, `tpu-v5litepod-16`, `v5p-128` (slice size dropped: the model is
// the chip).
const TPU = /^(?:tpu[-_ ]?)?v(2|3|4|5e|5p|5litepod|6e)(?:[-_ ]?pod)?(?:[-_ ]\d+)?$/i;

/**
 * Maps a provider's GPU name to a canonical model.
 *
 * Order: (1) the canonical id itself → `exact`; (2) the provider's alias table (`provider`) → `alias`;
 * (3) provider id patterns (Verda `8H100.80S.176V`, Vultr plan ids …) and GCP TPU slice names →
 * `pattern`; (4) generic normalization (case, separators, NVIDIA/GeForce/Tesla, `80GB`, SXM/PCIe/NVL
 * tokens) to a key, looked up in the alias table (`alias`) or among the canonical ids (`pattern`).
 *
 * Variant choice inside a family (A100, H100, V100, RTX 6000 …): memory written in the name must match
 * a variant within 5 % (else null); otherwise `vramGb` (snapped) and the hint's memory pick one when some
 * variant has that size, and are ignored when none does (a 48 GB modded RTX 4090 is an RTX-4090). A form
 * factor in the name or hint filters the same way. What remains open falls to the family's first variant:
 * SXM for A100/H100/H200/V100 (cloud 8-GPU servers), 40 GB before 80 GB for A100, 16 GB before 32 GB for
 * V100, PCIe for P100, the Quadro before the Ada card for a bare "RTX 6000". Unknown names return
 * `{ model: null, reason }`.
 */
export function resolveGpu(rawName: string, opts: ResolveGpuOptions = {}): GpuResolution {
  const raw = (rawName ?? '').trim();
  if (raw === '') return { model: null, reason: 'empty GPU name' };
  const exact = gpuModel(raw.toUpperCase());
  if (exact) return { model: exact, matchedBy: 'exact' };
  const provider = opts.provider?.toLowerCase();
  const aliased = providerAlias(raw, provider);
  if (aliased) return { model: aliased, matchedBy: 'alias' };

  const rewritten = (provider ? PROVIDER_REWRITES[provider]?.(raw) : null) ?? tpuName(raw);
  const parsed = parseGpuName(rewritten ?? raw);
  const aliasCandidates = KEY_ALIASES[parsed.key];
  const candidates = aliasCandidates ?? AUTO_KEYS.get(parsed.key);
  if (!candidates || parsed.key === '') {
    return { model: null, reason: `unknown GPU name "${raw}" (normalized key "${parsed.key}")` };
  }
  const chosen = chooseVariant(candidates, parsed, hintsFrom(opts, provider));
  if (typeof chosen === 'string') return { model: null, reason: chosen };
  return { model: chosen, matchedBy: rewritten !== null || !aliasCandidates ? 'pattern' : 'alias' };
}

function providerAlias(raw: string, provider: string | undefined): GpuModel | null {
  const hit = provider ? PROVIDER_ALIASES[provider]?.find(([re]) => re.test(raw)) : undefined;
  return hit ? gpuModel(hit[1]) : null;
}

function tpuName(raw: string): string | null {
  const m = TPU.exec(raw);
  if (!m) return null;
  return `TPU-V${m[1]!.toUpperCase() === '5LITEPOD' ? '5E' : m[1]!.toUpperCase()}`;
}

interface Hints {
  memGb: number | null;
  formFactor: GpuFormFactor | null;
}

function hintsFrom(opts: ResolveGpuOptions, provider: string | undefined): Hints {
  const hint = opts.hint?.trim() ?? '';
  const aliased = hint === '' ? null : providerAlias(hint, provider);
  const parsed = hint === '' ? null : parseGpuName(hint);
  const vram = opts.vramGb != null && opts.vramGb > 0 ? snapVramGb(opts.vramGb) : null;
  return {
    memGb: vram ?? aliased?.vramGb ?? parsed?.memGb ?? null,
    formFactor: aliased?.formFactor ?? parsed?.formFactor ?? null,
  };
}

function chooseVariant(ids: readonly string[], name: ParsedGpuName, hints: Hints): GpuModel | string {
  let variants = ids.map((id) => gpuModel(id)).filter((m): m is GpuModel => m !== null);
  if (name.memGb !== null) {
    const written = name.memGb;
    // Written sizes are marketing figures: allow 5 % (H100 NVL is sold as both 94 and 96 GB).
    const distance = (m: GpuModel) => Math.abs(m.vramGb - written);
    variants = variants.filter((m) => distance(m) <= Math.max(1, m.vramGb * 0.05));
    if (variants.length === 0) return `no ${ids.join('/')} variant with ${written} GB`;
    const nearest = Math.min(...variants.map(distance));
    variants = variants.filter((m) => distance(m) === nearest);
  } else if (hints.memGb !== null) {
    variants = preferring(variants, (m) => m.vramGb === hints.memGb);
  }
  const formFactor = name.formFactor ?? hints.formFactor;
  if (formFactor !== null) variants = preferring(variants, (m) => m.formFactor === formFactor);
  return variants[0]!;
}

/** The variants passing `test`, or all of them when none does (a hint never empties the choice). */
function preferring(variants: GpuModel[], test: (m: GpuModel) => boolean): GpuModel[] {
  const kept = variants.filter(test);
  return kept.length > 0 ? kept : variants;
}
