import { describe, expect, it } from 'vitest';
import { readDatasetText } from '../assets.js';
import { resolveGpu } from './index.js';

/**
 * GPU spellings as they occur in the recorded provider API bodies (assets/datasets/provider-api/<dir>/,
 * field named in the comment), with the VRAM / socket the same body gives, and the model they must map to.
 * The test first checks that each raw string really occurs in the named body, so the table cannot drift
 * from the data.
 */
type Case = readonly [
  file: string,
  raw: string,
  vramGb: number | null,
  hint: string | null,
  expected: string,
];

const CASES: readonly Case[] = [
  // runpod gpuTypes id / displayName (+ memoryInGb), v2 catalog id / name (+ memory).
  ['runpod/gpuTypes-availability-high.graphql.json', 'NVIDIA RTX A4000', null, null, 'RTX-A4000'],
  ['runpod/gpuTypes-availability-high.graphql.json', 'RTX A4000', null, null, 'RTX-A4000'],
  ['runpod/gpuTypes-lowestPrice.graphql.json', 'NVIDIA GeForce RTX 3090', 24, null, 'RTX-3090'],
  ['runpod/gpuTypes.graphql.json', 'NVIDIA GeForce RTX 3070', 8, null, 'RTX-3070'],
  ['runpod/gpuTypes.graphql.json', 'NVIDIA GeForce RTX 3080', 10, null, 'RTX-3080'],
  ['runpod/gpuTypes.graphql.json', 'NVIDIA RTX A6000', 48, null, 'RTX-A6000'],
  ['runpod/v2-catalog-gpus.json', 'NVIDIA GeForce RTX 4090', 24, null, 'RTX-4090'],
  ['runpod/v2-catalog-gpus.json', 'RTX 4090', 24, null, 'RTX-4090'],
  // lambda instance-types: keys, description, gpu_description.
  ['lambda/instance-types.json', 'gpu_1x_gh200', null, null, 'GH200-96GB'],
  ['lambda/instance-types.json', 'GH200 (96 GB)', null, null, 'GH200-96GB'],
  ['lambda/instance-types.json', '8x B200 (180 GB SXM6)', null, null, 'B200-180GB'],
  ['lambda/instance-types.json', 'gpu_8x_b200_sxm6', null, null, 'B200-180GB'],
  ['lambda/instance-types.json', 'H100 (80 GB SXM5)', null, null, 'H100-80GB-SXM'],
  ['lambda/instance-types.json', 'H100 (80 GB PCIe)', null, null, 'H100-80GB-PCIE'],
  ['lambda/instance-types.json', 'gpu_1x_h100_pcie', null, null, 'H100-80GB-PCIE'],
  ['lambda/instance-types.json', 'A100 (80 GB SXM4)', null, null, 'A100-80GB-SXM'],
  ['lambda/instance-types.json', 'A100 (40 GB PCIe)', null, null, 'A100-40GB-PCIE'],
  ['lambda/instance-types.json', 'A100 (40 GB SXM4)', null, null, 'A100-40GB-SXM'],
  ['lambda/instance-types.json', 'gpu_1x_a100_sxm4', null, null, 'A100-40GB-SXM'],
  ['lambda/instance-types.json', 'gpu_1x_a100', null, null, 'A100-40GB-PCIE'],
  ['lambda/instance-types.json', 'A10 (24 GB PCIe)', null, null, 'A10-24GB'],
  ['lambda/instance-types.json', 'RTX 6000 (24 GB)', null, null, 'QUADRO-RTX-6000'],
  ['lambda/instance-types.json', 'A6000 (48 GB)', null, null, 'RTX-A6000'],
  ['lambda/instance-types.json', 'Tesla V100 (16 GB)', null, null, 'V100-16GB-SXM'],
  // linode types: label (the plan id encodes the same name).
  ['linode/linode-types.json', 'Dedicated 32GB + RTX6000 GPU x1', null, null, 'QUADRO-RTX-6000'],
  ['linode/linode-types.json', 'RTX6000', null, null, 'QUADRO-RTX-6000'],
  // jarvislabs server_meta gpu_type (+ vram).
  ['jarvislabs/misc-server_meta.json', 'L4', 24, null, 'L4-24GB'],
  ['jarvislabs/misc-server_meta.json', 'A100-80GB', 80, null, 'A100-80GB-SXM'],
  ['jarvislabs/misc-server_meta.json', 'RTX-PRO6000', 96, null, 'RTX-PRO-6000'],
  ['jarvislabs/misc-server_meta.json', 'RTX PRO 6000', 96, null, 'RTX-PRO-6000'],
  ['jarvislabs/misc-server_meta.json', 'H100', 80, null, 'H100-80GB-SXM'],
  // verda instance-types: model (+ gpu_memory per GPU), name, gpu.description, instance_type.
  ['verda/instance-types.json', 'H100', 80, null, 'H100-80GB-SXM'],
  ['verda/instance-types.json', 'H100 SXM5 80GB', null, null, 'H100-80GB-SXM'],
  ['verda/instance-types.json', '1x H100 SXM5 80GB', null, null, 'H100-80GB-SXM'],
  ['verda/instance-types.json', '1H100.80S.30V', null, null, 'H100-80GB-SXM'],
  ['verda/instance-types.json', 'RTX A6000', 48, null, 'RTX-A6000'],
  ['verda/instance-types.json', '2x RTX A6000 48GB', null, null, 'RTX-A6000'],
  ['verda/instance-types.json', '2A6000.20V', null, null, 'RTX-A6000'],
  ['verda/instance-types.json', 'Tesla V100 16GB', null, null, 'V100-16GB-SXM'],
  ['verda/instance-types.json', '1V100.6V', null, null, 'V100-16GB-SXM'],
  // vultr plans: gpu_type (+ gpu_vram_gb; 4 GB is a fractional slice), plan ids.
  ['vultr/plans-vcg.json', 'NVIDIA_A100', 80, null, 'A100-80GB-SXM'],
  ['vultr/plans-vcg.json', 'NVIDIA_A100', 40, null, 'A100-40GB-SXM'],
  ['vultr/plans-vcg.json', 'NVIDIA_A100', 4, null, 'A100-40GB-SXM'],
  ['vultr/plans-vcg.json', 'vcg-a100-1c-6g-4vram', 4, null, 'A100-40GB-SXM'],
  ['vultr/plans-vcg.json', 'vcg-a100-12c-120g-80vram', 80, null, 'A100-80GB-SXM'],
  ['vultr/plans-metal.json', 'vbm-256c-2048gb-8-mi300x-gpu', null, null, 'MI300X-192GB'],
  ['vultr/plans-metal.json', 'vbm-112c-2048gb-8-h100-gpu', null, null, 'H100-80GB-SXM'],
  // cudo machine-types: gpuModel, gpuModelId.
  ['cudo/vms-machine-types.json', 'RTX 3080', null, null, 'RTX-3080'],
  ['cudo/vms-machine-types.json', 'nvidia-rtx-3080', null, null, 'RTX-3080'],
  ['cudo/vms-machine-types.json', 'RTX A5000', null, null, 'RTX-A5000'],
  ['cudo/vms-machine-types.json', 'nvidia-rtx-a5000', null, null, 'RTX-A5000'],
  // tensordock host-node specs: gpu keys (+ vram).
  ['tensordock/hostnode-specs.fragment.json', 'l40-pcie-48gb', 48, null, 'L40-48GB'],
  // paperspace vmTypes gpuModel.label (+ memInGb).
  ['paperspace/vmTypes-getVmTypesByClusters.json', 'Tesla K80', 12, null, 'K80-12GB'],
  ['paperspace/vmTypes-getVmTypesByClusters.json', 'Tesla V100', 16, null, 'V100-16GB-SXM'],
  // primeintellect availability: gpuType + socket, and cloudId (the upstream RunPod id).
  ['primeintellect/availability.json', 'A100_80GB', 80, 'PCIe', 'A100-80GB-PCIE'],
  ['primeintellect/availability.json', 'A100_80GB', 80, 'SXM4', 'A100-80GB-SXM'],
  ['primeintellect/availability.json', 'H100_80GB', 80, 'SXM5', 'H100-80GB-SXM'],
  ['primeintellect/availability.json', 'H100_80GB', 80, 'PCIe', 'H100-80GB-PCIE'],
  ['primeintellect/availability.json', 'NVIDIA A100 80GB PCIe', null, null, 'A100-80GB-PCIE'],
  ['primeintellect/availability.json', 'NVIDIA A100-SXM4-80GB', null, null, 'A100-80GB-SXM'],
  ['primeintellect/availability.json', 'NVIDIA H100 80GB HBM3', null, null, 'H100-80GB-SXM'],
  ['primeintellect/availability.json', 'NVIDIA H100 PCIe', null, null, 'H100-80GB-PCIE'],
];

describe('GPU names from recorded provider API bodies', () => {
  it.each(CASES)('%s: %s (vram %s, hint %s) → %s', async (file, raw, vramGb, hint, expected) => {
    expect(await readDatasetText('provider-api', file)).toContain(raw);
    const provider = file.split('/')[0]!;
    const result = resolveGpu(raw, { provider, vramGb, hint });
    expect(result.model?.model ?? result).toBe(expected);
  });

  it('maps the names the brief gives for providers without a recorded GPU body', () => {
    const cases: Array<[string, string, string]> = [
      ['tensordock', 'geforcertx4090-pcie-24gb', 'RTX-4090'],
      ['vast', 'RTX_4090', 'RTX-4090'],
      ['vast', 'H100_SXM', 'H100-80GB-SXM'],
      ['azure', 'K80', 'K80-12GB'],
      ['paperspace', 'A4000', 'RTX-A4000'],
      ['paperspace', 'A100-80Gx8', 'A100-80GB-SXM'],
      ['paperspace', 'RTX4000', 'QUADRO-RTX-4000'],
      ['cudo', 'RTX3080', 'RTX-3080'],
      ['verda', '8H100.80S.176V', 'H100-80GB-SXM'],
      ['runpod', 'NVIDIA RTX 6000 Ada Generation', 'RTX-6000-ADA'],
      ['runpod', 'AMD Instinct MI300X OAM', 'MI300X-192GB'],
      ['runpod', 'NVIDIA H100 NVL', 'H100-94GB-NVL'],
    ];
    expect(cases.map(([provider, raw]) => resolveGpu(raw, { provider }).model?.model ?? null)).toEqual(
      cases.map(([, , expected]) => expected),
    );
  });

  it('returns null with a reason for non-GPU entries of those bodies', async () => {
    expect(await readDatasetText('provider-api', 'vast/bundles.json')).toContain('Imaginary RTX 9999');
    for (const [provider, raw] of [
      ['vast', 'Imaginary RTX 9999'],
      ['verda', 'CPU Node'],
      ['paperspace', 'None'],
      ['lambda', 'cpu_4x_general'],
    ] as const) {
      const result = resolveGpu(raw, { provider });
      expect(result.model).toBeNull();
      expect(result).toHaveProperty('reason', expect.stringContaining(raw));
    }
  });
});
