import { describe, expect, it } from 'vitest';
import { GPU_MODELS, gpuModel, resolveGpu, snapVramGb } from './index.js';

describe('GPU_MODELS', () => {
  it('has unique ids in the canonical id alphabet, with the featured defaults present', () => {
    const ids = GPU_MODELS.map((m) => m.model);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z0-9][A-Z0-9-]*$/);
    for (const id of ['H100-80GB-SXM', 'A100-80GB-SXM', 'L40S-48GB', 'RTX-4090']) {
      expect(gpuModel(id)?.model).toBe(id);
    }
  });

  it('keeps the id memory and form-factor suffix consistent with vramGb and formFactor', () => {
    for (const m of GPU_MODELS) {
      const mem = /-(\d+)GB(?:-|$)/.exec(m.model);
      if (mem) expect(Number(mem[1])).toBe(m.vramGb);
      const suffix = /-(SXM|PCIE|NVL)$/.exec(m.model);
      if (suffix) expect(m.formFactor).toBe(suffix[1]);
      expect(m.vramGb).toBeGreaterThan(0);
      for (const v of [m.fp16Tflops, m.bf16Tflops, m.memoryBandwidthGbps])
        if (v !== null) expect(v).toBeGreaterThan(0);
    }
  });

  it('carries the published H100 SXM and A100 80 GB SXM figures', () => {
    expect(gpuModel('H100-80GB-SXM')).toEqual({
      model: 'H100-80GB-SXM',
      vendor: 'NVIDIA',
      family: 'H100',
      vramGb: 80,
      formFactor: 'SXM',
      architecture: 'Hopper',
      fp16Tflops: 989.5,
      bf16Tflops: 989.5,
      memoryBandwidthGbps: 3350,
    });
    expect(gpuModel('A100-80GB-SXM')).toMatchObject({ fp16Tflops: 312, memoryBandwidthGbps: 2039 });
    expect(gpuModel('h100-80gb-sxm')).toBeNull();
  });
});

describe('resolveGpu', () => {
  it('resolves every canonical id to itself as an exact match, whatever the case', () => {
    for (const m of GPU_MODELS) {
      expect(resolveGpu(m.model)).toEqual({ model: m, matchedBy: 'exact' });
      expect(resolveGpu(` ${m.model.toLowerCase()} `)).toEqual({ model: m, matchedBy: 'exact' });
    }
  });

  it('uses the reported VRAM to pick the variant the name leaves open', () => {
    const pick = (raw: string, vramGb: number | null) => resolveGpu(raw, { vramGb }).model?.model;
    expect(pick('A100', null)).toBe('A100-40GB-SXM');
    expect(pick('A100', 79.6)).toBe('A100-80GB-SXM');
    expect(pick('A100 PCIe', 81559 / 1024)).toBe('A100-80GB-PCIE');
    expect(pick('V100', 32)).toBe('V100-32GB-SXM');
    expect(pick('V100', null)).toBe('V100-16GB-SXM');
    expect(pick('H100', 95830 / 1024)).toBe('H100-94GB-NVL');
    expect(pick('RTX 6000', 48)).toBe('RTX-6000-ADA');
    expect(pick('RTX 6000', null)).toBe('QUADRO-RTX-6000');
    expect(pick('RTX A2000', 12)).toBe('RTX-A2000-12GB');
    // A size no variant has is ignored, not fatal (48 GB modded 4090s are sold on Vast).
    expect(pick('RTX 4090', 48)).toBe('RTX-4090');
    // Memory written in the name wins over the reported figure.
    expect(pick('A100-80GB', 40)).toBe('A100-80GB-SXM');
    expect(pick('H100 NVL 96GB', null)).toBe('H100-94GB-NVL');
  });

  it('reads the form factor from the hint (instance type / socket) when the name has none', () => {
    expect(resolveGpu('A100', { vramGb: 80, hint: '1x-A100_PCIE-32-65536' }).model?.model).toBe(
      'A100-80GB-PCIE',
    );
    expect(resolveGpu('H100', { provider: 'lambda', hint: 'gpu_1x_h100_pcie' }).model?.model).toBe(
      'H100-80GB-PCIE',
    );
    expect(resolveGpu('A100', { provider: 'lambda', hint: 'gpu_2x_a100' }).model?.model).toBe(
      'A100-40GB-PCIE',
    );
    expect(resolveGpu('A100', { provider: 'lambda', hint: 'gpu_8x_a100' }).model?.model).toBe(
      'A100-40GB-SXM',
    );
  });

  it('applies provider aliases only for that provider', () => {
    expect(resolveGpu('A100-80GB', { provider: 'runpod' })).toMatchObject({
      model: { model: 'A100-80GB-PCIE' },
      matchedBy: 'alias',
    });
    expect(resolveGpu('A100-80GB', { provider: 'lambda' })).toMatchObject({
      model: { model: 'A100-80GB-SXM' },
      matchedBy: 'pattern',
    });
    expect(resolveGpu('8H100.80S.176V').model).toBeNull();
    expect(resolveGpu('8H100.80S.176V', { provider: 'verda' }).model?.model).toBe('H100-80GB-SXM');
  });

  it('reports how the name matched', () => {
    expect(resolveGpu('L40S-48GB')).toHaveProperty('matchedBy', 'exact');
    expect(resolveGpu('A6000')).toMatchObject({ model: { model: 'RTX-A6000' }, matchedBy: 'alias' });
    expect(resolveGpu('NVIDIA GeForce RTX 4090')).toMatchObject({
      model: { model: 'RTX-4090' },
      matchedBy: 'pattern',
    });
    expect(resolveGpu('tpu-v5litepod-16')).toMatchObject({
      model: { model: 'TPU-V5E-16GB' },
      matchedBy: 'pattern',
    });
    expect(resolveGpu('v5p-128').model?.model).toBe('TPU-V5P-95GB');
  });

  it('returns null with a reason for unknown names and impossible memory, and never throws', () => {
    for (const raw of [
      'Imaginary RTX 9999',
      'A100 48GB',
      '',
      '   ',
      '!!!',
      'gpu',
      'CPU Node',
      'H100 120GB',
    ]) {
      const result = resolveGpu(raw, { vramGb: Number.NaN, provider: 'nowhere' });
      expect(result.model).toBeNull();
      expect(result).toHaveProperty('reason', expect.any(String));
    }
    expect(resolveGpu('A100 48GB')).toEqual({
      model: null,
      reason: 'no A100-40GB-SXM/A100-40GB-PCIE/A100-80GB-SXM/A100-80GB-PCIE variant with 48 GB',
    });
  });
});

describe('snapVramGb', () => {
  it.each([
    [79.6, 80],
    [81559 / 1024, 80],
    [143771 / 1024, 141],
    [24564 / 1024, 24],
    [32510 / 1024, 32],
    [46068 / 1024, 48],
    [22888 / 1024, 24],
    [95830 / 1024, 94],
    [366718 / 2 / 1024, 180],
    [12276 / 2 / 1024, 6],
    [16, 16],
  ])('%d GB → %d', (gb, expected) => {
    expect(snapVramGb(gb)).toBe(expected);
  });

  it('rounds figures far from every known size and rejects junk', () => {
    expect(snapVramGb(3000.4)).toBe(3000);
    expect(snapVramGb(0)).toBe(0);
    expect(snapVramGb(-5)).toBe(0);
    expect(snapVramGb(Number.NaN)).toBe(0);
  });
});
