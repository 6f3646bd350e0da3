/**
 * Name tables for the resolver. A raw provider name is reduced to a compact key (see `parseGpuName` in
 * name-parse.ts: lower case, vendor words, counts, memory and form-factor tokens removed, the rest joined:
 * `NVIDIA GeForce RTX 4090` → `rtx4090`, `Tesla V100-SXM2-16GB` → `v100` + 16 GB + SXM). Every canonical
 * id yields its own key automatically; this file only lists the spellings that do not.
 */

/** Compact key → candidate ids, first = default when neither memory nor form factor is known. */
export const KEY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Workstation cards named without their "RTX" (Lambda `A6000`, Paperspace `A4000`, Cudo ids).
  a6000: ['RTX-A6000'],
  a5000: ['RTX-A5000'],
  a4500: ['RTX-A4500'],
  a4000: ['RTX-A4000'],
  a2000: ['RTX-A2000', 'RTX-A2000-12GB'],
  // A bare "RTX 6000/5000/4000" is the Turing Quadro; the Ada cards are always named "… Ada". VRAM tells
  // them apart when a provider drops the suffix (FluidStack `RTX4000` 8 GB = Quadro RTX 4000).
  rtx6000: ['QUADRO-RTX-6000', 'RTX-6000-ADA'],
  rtx5000: ['QUADRO-RTX-5000', 'RTX-5000-ADA'],
  rtx4000: ['QUADRO-RTX-4000', 'RTX-4000-ADA'],
  rtx8000: ['QUADRO-RTX-8000'],
  p6000: ['QUADRO-P6000'],
  p5000: ['QUADRO-P5000'],
  p4000: ['QUADRO-P4000'],
  m4000: ['QUADRO-M4000'],
  // Vast `RTXPRO6000S` / `RTX_PRO_6000_S` (server edition), Jarvislabs `RTX-PRO6000`, RunPod "Blackwell".
  rtxpro6000s: ['RTX-PRO-6000'],
  rtxpro6000blackwell: ['RTX-PRO-6000'],
  rtxpro6000blackwellserver: ['RTX-PRO-6000'],
  rtxpro6000blackwellworkstation: ['RTX-PRO-6000'],
  // AWS catalogue names for non-GPU accelerators.
  gaudihl205: ['GAUDI-32GB'],
  hl205: ['GAUDI-32GB'],
  hl225: ['GAUDI2-96GB'],
  virtexultrascalevu9p: ['VU9P-64GB'],
  cloudai100: ['AI100-16GB'],
  inferentia1: ['INFERENTIA-8GB'],
  trainium1: ['TRAINIUM-32GB'],
  gracehopper: ['GH200-96GB', 'GH200-144GB'],
  v520: ['RADEON-PRO-V520-8GB'],
  v710: ['RADEON-PRO-V710-28GB'],
};

/**
 * Words dropped from a name before keying: vendor and brand prefixes, and filler such as "Generation"
 * (`NVIDIA RTX 6000 Ada Generation`) or memory technology (`H100 80GB HBM3`).
 */
export const NOISE_WORDS: ReadonlySet<string> = new Set([
  'nvidia',
  'geforce',
  'tesla',
  'amd',
  'radeon',
  'instinct',
  'habana',
  'intel',
  'google',
  'aws',
  'amazon',
  'qualcomm',
  'xilinx',
  'gpu',
  'gpus',
  'graphics',
  'tensor',
  'core',
  'generation',
  'edition',
  'hbm',
  'hbm2',
  'hbm2e',
  'hbm3',
  'hbm3e',
  'gddr6',
  'gddr6x',
  'gddr7',
]);

/** An exact provider spelling (tested against the trimmed raw name) → canonical id. */
export type ProviderAlias = readonly [pattern: RegExp, model: string];

/**
 * Per-provider spellings whose meaning differs from the generic reading. Keys are `ProviderId`s. Also
 * applied to the `hint` (instance type) so e.g. Lambda `A100` on `gpu_1x_a100` becomes the PCIe card.
 */
export const PROVIDER_ALIASES: Readonly<Record<string, readonly ProviderAlias[]>> = {
  // RunPod (SkyPilot catalogue names): plain `A100-80GB` / `H100` are the PCIe cards; SXM is spelled out.
  runpod: [
    [/^a100-80gb$/i, 'A100-80GB-PCIE'],
    [/^h100$/i, 'H100-80GB-PCIE'],
  ],
  // Lambda: `gpu_{1,2,4}x_a100` are 40 GB PCIe cards, `gpu_8x_a100` the SXM4 server (API descriptions).
  lambda: [
    [/^gpu_[124]x_a100$/i, 'A100-40GB-PCIE'],
    [/^gpu_8x_a100$/i, 'A100-40GB-SXM'],
  ],
  // OVHcloud: the t2 flavors SkyPilot names `V100-32GB` are Tesla V100S 32 GB (OVH flavor list).
  ovhcloud: [[/^v100-32gb$/i, 'V100S-32GB']],
  // Azure (VM size docs): NC A100 v4 = A100 80 GB PCIe, NC H100 v5 = H100 NVL, NCv3 = V100 16 GB PCIe.
  azure: [
    [/^standard_nc\d+r?s_v3$/i, 'V100-16GB-PCIE'],
    [/^standard_nc\d+ads_a100_v4$/i, 'A100-80GB-PCIE'],
    [/^standard_nc\d+adi?s_h100_v5$/i, 'H100-94GB-NVL'],
  ],
};

/**
 * Per-provider rewrites of a composite id into a plain GPU description that the generic parser reads.
 * Returns null when the pattern does not apply.
 */
export const PROVIDER_REWRITES: Readonly<Record<string, (raw: string) => string | null>> = {
  // Verda (ex-DataCrunch) instance types: `8H100.80S.176V` = 8 × H100 80 GB SXM; `2A6000.20V`.
  verda: (raw) => {
    const m = /^\d+([A-Z][A-Z0-9]*?)\.(?:(\d+)([SP])\.)?\d+V$/i.exec(raw);
    if (!m) return null;
    const formFactor = m[3] === undefined ? '' : m[3].toUpperCase() === 'S' ? ' SXM' : ' PCIe';
    return `${m[1]}${m[2] === undefined ? '' : ` ${m[2]}GB`}${formFactor}`;
  },
  // Vultr plan ids: cloud GPU `vcg-a100-1c-6g-4vram` (fractional: the vram is a slice, not the card),
  // bare metal `vbm-112c-2048gb-8-h100-gpu`.
  vultr: (raw) =>
    /^vcg-([a-z0-9]+)-\d+c-/i.exec(raw)?.[1] ??
    /^vbm-\d+c-\d+gb-\d+-([a-z0-9]+)-gpu$/i.exec(raw)?.[1] ??
    null,
  // Paperspace machine types: `A100-80Gx8`, `H100x8` (count suffix).
  paperspace: (raw) => /^(.*\d(?:GB?)?)x\d+$/i.exec(raw)?.[1] ?? null,
  // Linode plan labels: `Dedicated 32GB + RTX6000 GPU x1`.
  linode: (raw) => /\+\s*(.+?)\s+GPU\s+x\d+$/i.exec(raw)?.[1] ?? null,
};
