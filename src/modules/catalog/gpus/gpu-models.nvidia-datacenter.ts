import { type GpuModel, gpu } from './gpu-model.types.js';

/**
 * NVIDIA datacenter accelerators. Within one family the first variant listed is the default the resolver
 * picks when a provider's name fixes neither memory nor form factor (SXM for the 8-GPU server parts).
 * Columns: id, vendor, family, VRAM GB, form factor, architecture, FP16 dense, BF16 dense, GB/s.
 * "sparse ÷ 2": the datasheet prints the 2:4-sparsity figure; the dense figure is half of it.
 */
export const NVIDIA_DATACENTER: readonly GpuModel[] = [
  // HGX B200 spec sheet: 36 PFLOPS FP16/BF16 sparse per 8 GPUs; 180 GB HBM3e; ~8 TB/s per GPU.
  gpu('B200-180GB', 'NVIDIA', 'B200', 180, 'SXM', 'Blackwell', 2250, 2250, 8000),
  // NVIDIA H200 datasheet (SXM / NVL): FP16 1,979 / 1,671 TFLOPS sparse ÷ 2; 141 GB; 4.8 TB/s.
  gpu('H200-141GB-SXM', 'NVIDIA', 'H200', 141, 'SXM', 'Hopper', 989.5, 989.5, 4800),
  gpu('H200-141GB-NVL', 'NVIDIA', 'H200', 141, 'NVL', 'Hopper', 835.5, 835.5, 4800),
  // NVIDIA H100 datasheet: SXM 1,979 sparse, 3.35 TB/s; PCIe 1,513 sparse, 2 TB/s;
  // NVL 1,671 sparse, 3.9 TB/s.
  gpu('H100-80GB-SXM', 'NVIDIA', 'H100', 80, 'SXM', 'Hopper', 989.5, 989.5, 3350),
  gpu('H100-80GB-PCIE', 'NVIDIA', 'H100', 80, 'PCIE', 'Hopper', 756.5, 756.5, 2000),
  gpu('H100-94GB-NVL', 'NVIDIA', 'H100', 94, 'NVL', 'Hopper', 835.5, 835.5, 3900),
  // NVIDIA GH200 Grace Hopper datasheet: H100 GPU 1,979 sparse; 96 GB HBM3 4 TB/s or 144 GB HBM3e 4.9 TB/s.
  gpu('GH200-96GB', 'NVIDIA', 'GH200', 96, 'SUPERCHIP', 'Hopper', 989.5, 989.5, 4000),
  gpu('GH200-144GB', 'NVIDIA', 'GH200', 144, 'SUPERCHIP', 'Hopper', 989.5, 989.5, 4900),
  // NVIDIA A100 datasheet: FP16/BF16 312 dense; 40 GB 1,555 GB/s; 80 GB SXM 2,039 GB/s, PCIe 1,935 GB/s.
  gpu('A100-40GB-SXM', 'NVIDIA', 'A100', 40, 'SXM', 'Ampere', 312, 312, 1555),
  gpu('A100-40GB-PCIE', 'NVIDIA', 'A100', 40, 'PCIE', 'Ampere', 312, 312, 1555),
  gpu('A100-80GB-SXM', 'NVIDIA', 'A100', 80, 'SXM', 'Ampere', 312, 312, 2039),
  gpu('A100-80GB-PCIE', 'NVIDIA', 'A100', 80, 'PCIE', 'Ampere', 312, 312, 1935),
  // NVIDIA A30 datasheet: 165 dense, 933 GB/s.
  gpu('A30-24GB', 'NVIDIA', 'A30', 24, 'PCIE', 'Ampere', 165, 165, 933),
  // NVIDIA A40 datasheet: 149.7 dense, 696 GB/s.
  gpu('A40-48GB', 'NVIDIA', 'A40', 48, 'PCIE', 'Ampere', 149.7, 149.7, 696),
  // NVIDIA A10 datasheet: 125 dense, 600 GB/s.
  gpu('A10-24GB', 'NVIDIA', 'A10', 24, 'PCIE', 'Ampere', 125, 125, 600),
  // A10G is AWS-only (EC2 G5); NVIDIA publishes no datasheet, so no tensor figure. GA102, 384-bit GDDR6.
  gpu('A10G-24GB', 'NVIDIA', 'A10G', 24, 'PCIE', 'Ampere', null, null, 600),
  // NVIDIA A16 datasheet (per GPU; 4 GPUs per board): 35.9 dense, 200 GB/s.
  gpu('A16-16GB', 'NVIDIA', 'A16', 16, 'PCIE', 'Ampere', 35.9, 35.9, 200),
  // NVIDIA A2 datasheet: 18 dense, 200 GB/s.
  gpu('A2-16GB', 'NVIDIA', 'A2', 16, 'PCIE', 'Ampere', 18, 18, 200),
  // NVIDIA L40S datasheet: 362.05 dense, 864 GB/s. L40 datasheet: 181.05 dense.
  // L4 datasheet: 242 sparse ÷ 2, 300 GB/s.
  gpu('L40S-48GB', 'NVIDIA', 'L40S', 48, 'PCIE', 'Ada Lovelace', 362.05, 362.05, 864),
  gpu('L40-48GB', 'NVIDIA', 'L40', 48, 'PCIE', 'Ada Lovelace', 181.05, 181.05, 864),
  gpu('L4-24GB', 'NVIDIA', 'L4', 24, 'PCIE', 'Ada Lovelace', 121, 121, 300),
  // NVIDIA T4 datasheet: 65 TFLOPS mixed FP16/FP32, 320 GB/s; T4G is the same chip on AWS Graviton (G5g).
  gpu('T4-16GB', 'NVIDIA', 'T4', 16, 'PCIE', 'Turing', 65, null, 320),
  gpu('T4G-16GB', 'NVIDIA', 'T4G', 16, 'PCIE', 'Turing', 65, null, 320),
  // NVIDIA V100 datasheet: SXM2 125, PCIe 112 tensor TFLOPS, 900 GB/s; V100S PCIe 130, 1,134 GB/s.
  gpu('V100-16GB-SXM', 'NVIDIA', 'V100', 16, 'SXM', 'Volta', 125, null, 900),
  gpu('V100-16GB-PCIE', 'NVIDIA', 'V100', 16, 'PCIE', 'Volta', 112, null, 900),
  gpu('V100-32GB-SXM', 'NVIDIA', 'V100', 32, 'SXM', 'Volta', 125, null, 900),
  gpu('V100-32GB-PCIE', 'NVIDIA', 'V100', 32, 'PCIE', 'Volta', 112, null, 900),
  gpu('V100S-32GB', 'NVIDIA', 'V100S', 32, 'PCIE', 'Volta', 130, null, 1134),
  // NVIDIA P100 datasheet (no tensor cores; plain FP16): PCIe 18.7, SXM2 21.2;
  // 16 GB 732 GB/s, 12 GB 549 GB/s.
  // Clouds rent the PCIe card (GCP, Azure NCv2), so it is the family default.
  gpu('P100-16GB-PCIE', 'NVIDIA', 'P100', 16, 'PCIE', 'Pascal', 18.7, null, 732),
  gpu('P100-16GB-SXM', 'NVIDIA', 'P100', 16, 'SXM', 'Pascal', 21.2, null, 732),
  gpu('P100-12GB-PCIE', 'NVIDIA', 'P100', 12, 'PCIE', 'Pascal', 18.7, null, 549),
  // NVIDIA P40 / P4 datasheets: no fast FP16 path (INT8 inference parts); 346 / 192 GB/s.
  gpu('P40-24GB', 'NVIDIA', 'P40', 24, 'PCIE', 'Pascal', null, null, 346),
  gpu('P4-8GB', 'NVIDIA', 'P4', 8, 'PCIE', 'Pascal', null, null, 192),
  // Dual-GPU boards counted per GPU, as the clouds do: Tesla M60 (2×8 GB, 160 GB/s each),
  // Tesla K80 (2×12 GB, 240 GB/s each), GRID K520 (2×4 GB, 160 GB/s each). No FP16 throughput.
  gpu('M60-8GB', 'NVIDIA', 'M60', 8, 'PCIE', 'Maxwell', null, null, 160),
  gpu('K80-12GB', 'NVIDIA', 'K80', 12, 'PCIE', 'Kepler', null, null, 240),
  gpu('K520-4GB', 'NVIDIA', 'K520', 4, 'PCIE', 'Kepler', null, null, 160),
];
