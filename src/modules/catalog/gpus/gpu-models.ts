import type { GpuModel } from './gpu-model.types.js';
import { NVIDIA_DATACENTER } from './gpu-models.nvidia-datacenter.js';
import { NVIDIA_RTX } from './gpu-models.nvidia-rtx.js';
import { OTHER_ACCELERATORS } from './gpu-models.other.js';

/**
 * Every canonical GPU / accelerator model the broker knows.
 *
 * Id scheme (upper case, `[A-Z0-9-]`, what `catalog.featured_gpus` holds):
 * - datacenter parts: `<NAME>-<MEM>GB[-<FORMFACTOR>]` — the form factor (SXM, PCIE, NVL) is appended only
 *   when the same chip ships in several packages (`A100-80GB-SXM`, `H100-94GB-NVL`, `V100-16GB-PCIE`);
 *   single-package parts stop at the memory (`L40S-48GB`, `T4-16GB`, `GH200-96GB`, `MI300X-192GB`,
 *   `TPU-V4-32GB` — memory per chip).
 * - workstation and consumer cards: the marketing name (`RTX-4090`, `RTX-A6000`, `RTX-6000-ADA`,
 *   `QUADRO-RTX-6000`), with `-<MEM>GB` only for a second memory size of the same name (`RTX-A2000-12GB`).
 * Order matters: within a family the first variant is the resolver's default (see resolve.ts).
 */
export const GPU_MODELS: readonly GpuModel[] = [...NVIDIA_DATACENTER, ...NVIDIA_RTX, ...OTHER_ACCELERATORS];

const BY_ID = new Map(GPU_MODELS.map((m) => [m.model, m]));

/** The canonical model with this exact id (`H100-80GB-SXM`), or null. Case-sensitive. */
export function gpuModel(id: string): GpuModel | null {
  return BY_ID.get(id) ?? null;
}

/** Distinct VRAM sizes of the registry, ascending (GB). */
export const KNOWN_VRAM_GB: readonly number[] = [...new Set(GPU_MODELS.map((m) => m.vramGb))].sort(
  (a, b) => a - b,
);

/**
 * Snaps a VRAM figure as a provider reports it (in GB, already divided by 1024 when it came in MiB:
 * 81559 MiB → 79.6 → 80; 143771 MiB → 140.4 → 141; 46068 MiB → 45 → 48) to the nearest memory size of a
 * known model. Tolerance: within 10 % of that size (at least 0.5 GB) — cards report usable memory a few
 * percent under the marketed size (an L4 shows 22.4 of 24 GB). Outside every tolerance the figure is just
 * rounded to a whole GB. Non-finite or non-positive input returns 0.
 */
export function snapVramGb(gb: number): number {
  if (!Number.isFinite(gb) || gb <= 0) return 0;
  let best: number | null = null;
  for (const size of KNOWN_VRAM_GB) {
    const diff = Math.abs(gb - size);
    if (diff <= Math.max(0.5, size * 0.1) && (best === null || diff < Math.abs(gb - best))) best = size;
  }
  return best ?? Math.round(gb);
}
