import { type GpuModel, gpu } from './gpu-model.types.js';

/** AMD, Intel/Habana, AWS, Google, Qualcomm and Xilinx accelerators, per chip. */
export const OTHER_ACCELERATORS: readonly GpuModel[] = [
  // AMD Instinct datasheets (matrix FP16 / BF16 dense; HBM bandwidth).
  gpu('MI325X-256GB', 'AMD', 'MI325X', 256, 'OAM', 'CDNA 3', 1307.4, 1307.4, 6000),
  gpu('MI300X-192GB', 'AMD', 'MI300X', 192, 'OAM', 'CDNA 3', 1307.4, 1307.4, 5300),
  gpu('MI250X-128GB', 'AMD', 'MI250X', 128, 'OAM', 'CDNA 2', 383, 383, 3276.8),
  gpu('MI250-128GB', 'AMD', 'MI250', 128, 'OAM', 'CDNA 2', 362.1, 362.1, 3276.8),
  gpu('MI210-64GB', 'AMD', 'MI210', 64, 'PCIE', 'CDNA 2', 181, 181, 1638.4),
  gpu('MI100-32GB', 'AMD', 'MI100', 32, 'PCIE', 'CDNA', 184.6, 92.3, 1228.8),
  // Radeon Instinct MI25 datasheet: 24.6 TFLOPS packed FP16, 484 GB/s (Azure NVv4 slices it).
  gpu('MI25-16GB', 'AMD', 'MI25', 16, 'PCIE', 'GCN 5 (Vega)', 24.6, null, 484),
  // Radeon Pro V520 (AWS G4ad, 8 GB HBM2, 512 GB/s) and V710 (Azure NVads V710, 28 GB): no FP16
  // matrix figure published.
  gpu('RADEON-PRO-V520-8GB', 'AMD', 'Radeon Pro V520', 8, 'PCIE', 'RDNA (Navi 12)', null, null, 512),
  gpu('RADEON-PRO-V710-28GB', 'AMD', 'Radeon Pro V710', 28, 'PCIE', 'RDNA 3', null, null, null),
  // Habana Gaudi (HL-205, AWS DL1) whitepaper: 32 GB HBM2, 1 TB/s, no TFLOPS published.
  gpu('GAUDI-32GB', 'Habana', 'Gaudi', 32, 'OAM', 'Gaudi', null, null, 1000),
  // Gaudi 2 (HL-225): 96 GB HBM2e 2.45 TB/s; BF16 MME 432 TFLOPS per Intel's Gaudi 3 comparison.
  gpu('GAUDI2-96GB', 'Habana', 'Gaudi2', 96, 'OAM', 'Gaudi 2', null, 432, 2450),
  // Intel Gaudi 3 whitepaper: BF16 MME 1,835 TFLOPS, 128 GB HBM2e, 3.7 TB/s.
  gpu('GAUDI3-128GB', 'Intel', 'Gaudi3', 128, 'OAM', 'Gaudi 3', null, 1835, 3700),
  // AWS Neuron architecture docs, per chip: Inferentia 64 TFLOPS FP16/BF16, 8 GB DRAM;
  // Inferentia2 and Trainium 190 TFLOPS, 32 GB HBM, 820 GB/s; Trainium2 667 BF16 dense, 96 GB, 2.9 TB/s.
  gpu('INFERENTIA-8GB', 'AWS', 'Inferentia', 8, 'OTHER', 'Inferentia', 64, 64, null),
  gpu('INFERENTIA2-32GB', 'AWS', 'Inferentia2', 32, 'OTHER', 'Inferentia2', 190, 190, 820),
  gpu('TRAINIUM-32GB', 'AWS', 'Trainium', 32, 'OTHER', 'Trainium', 190, 190, 820),
  gpu('TRAINIUM2-96GB', 'AWS', 'Trainium2', 96, 'OTHER', 'Trainium2', 667, 667, 2900),
  // Google Cloud TPU system architecture docs, per chip: BF16 peak and HBM (TPUs have no FP16 path).
  gpu('TPU-V2-16GB', 'Google', 'TPU v2', 16, 'TPU', 'TPU v2', null, 45, 600),
  gpu('TPU-V3-32GB', 'Google', 'TPU v3', 32, 'TPU', 'TPU v3', null, 123, 900),
  gpu('TPU-V4-32GB', 'Google', 'TPU v4', 32, 'TPU', 'TPU v4', null, 275, 1200),
  gpu('TPU-V5E-16GB', 'Google', 'TPU v5e', 16, 'TPU', 'TPU v5e', null, 197, 819),
  gpu('TPU-V5P-95GB', 'Google', 'TPU v5p', 95, 'TPU', 'TPU v5p', null, 459, 2765),
  gpu('TPU-V6E-32GB', 'Google', 'TPU v6e', 32, 'TPU', 'TPU v6e (Trillium)', null, 918, 1640),
  // Qualcomm Cloud AI SDK architecture page, AI 100 Standard (AWS DL2q): 110 FP16 TFLOPS, 16 GB, 137 GB/s.
  gpu('AI100-16GB', 'Qualcomm', 'Cloud AI 100', 16, 'PCIE', 'Cloud AI 100', 110, null, 137),
  // Xilinx Virtex UltraScale+ VU9P FPGA (AWS F1): 64 GiB DDR4 per FPGA; no fixed FLOPS figure.
  gpu('VU9P-64GB', 'Xilinx', 'Virtex UltraScale+ VU9P', 64, 'OTHER', 'Virtex UltraScale+', null, null, null),
];
