import { NOISE_WORDS } from './aliases.js';
import type { GpuFormFactor } from './gpu-model.types.js';

/** What the words of a GPU name say: the model key plus any memory size and package they spell out. */
export interface ParsedGpuName {
  /** Compact key: remaining words lower-cased and joined (`rtx4090`, `a100`, `rtx6000ada`). */
  key: string;
  /** Memory written in the name (`80GB`, `80G`, `(80 GB …)`), in GB; null when absent. */
  memGb: number | null;
  /** Package written in the name (`SXM4`, `PCIe`, `NVL`, `OAM`); null when absent. */
  formFactor: GpuFormFactor | null;
}

const SEPARATORS = /[\s_\-/(),.:;+*[\]]+/;
const MEMORY = /^(\d+(?:\.\d+)?)(?:gb|g|gib)$/;
const COUNT = /^\d+x$/;
const GLUED_BRAND = /^(?:nvidia|geforce|tesla)(?=[a-z]*\d)/;

function formFactorOf(token: string): GpuFormFactor | null {
  if (/^sxm\d*$/.test(token)) return 'SXM';
  if (/^pcie?\d*$/.test(token)) return 'PCIE';
  if (token === 'nvl') return 'NVL';
  if (token === 'oam') return 'OAM';
  if (token === 'superchip') return 'SUPERCHIP';
  return null;
}

/**
 * Splits a provider's GPU name into key words, memory and form factor. Separators are spaces and
 * `_ - / ( ) , . : ; + * [ ]`; vendor words (NVIDIA, GeForce, Tesla, AMD …) and counts (`8x`) are dropped,
 * also when glued on (`geforcertx4090`). A number followed by `GB` counts as memory. Never throws.
 */
export function parseGpuName(raw: string): ParsedGpuName {
  const tokens = raw.toLowerCase().split(SEPARATORS).filter(Boolean);
  const words: string[] = [];
  let memGb: number | null = null;
  let formFactor: GpuFormFactor | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.replace(GLUED_BRAND, '');
    const mem = MEMORY.exec(token);
    const ff = formFactorOf(token);
    if (mem) memGb = Number(mem[1]);
    else if (/^\d+(?:\.\d+)?$/.test(token) && /^gi?b$/.test(tokens[i + 1] ?? '')) {
      memGb = Number(token);
      i++;
    } else if (ff) formFactor = ff;
    else if (!COUNT.test(token) && !NOISE_WORDS.has(token)) words.push(token);
  }
  return { key: words.join(''), memGb, formFactor };
}
