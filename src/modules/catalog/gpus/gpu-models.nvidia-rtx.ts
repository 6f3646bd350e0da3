import { type GpuModel, gpu } from './gpu-model.types.js';

/**
 * NVIDIA workstation (RTX / Quadro) and consumer (GeForce) cards. Ids carry no memory unless two cards
 * share a name (RTX-A2000 vs RTX-A2000-12GB). Workstation FP16 figures are the datasheet "tensor
 * performance" (sparse ÷ 2); GeForce figures are the architecture whitepaper's FP16 tensor with FP32
 * accumulate (GeForce runs it at half the FP16-accumulate rate). "derived" = SMs × boost clock ×
 * 1,024 dense FP16 FLOP/clock/SM (Ampere/Ada/Blackwell), 1,024 for Turing, halved for GeForce.
 */
export const NVIDIA_RTX: readonly GpuModel[] = [
  // RTX PRO 6000 Blackwell (workstation and server edition): 188 SMs × 2,617 MHz derived; 96 GB, 1,792 GB/s.
  gpu('RTX-PRO-6000', 'NVIDIA', 'RTX PRO 6000', 96, 'PCIE', 'Blackwell', 503.8, 503.8, 1792),
  // RTX 6000 / 5000 Ada datasheets: 1,457 / 1,044.4 FP8 sparse TFLOPS ÷ 4; 960 / 576 GB/s.
  gpu('RTX-6000-ADA', 'NVIDIA', 'RTX 6000 Ada', 48, 'PCIE', 'Ada Lovelace', 364.2, 364.2, 960),
  gpu('RTX-5000-ADA', 'NVIDIA', 'RTX 5000 Ada', 32, 'PCIE', 'Ada Lovelace', 261.1, 261.1, 576),
  // RTX 4000 Ada datasheet: 20 GB, 360 GB/s; 48 SMs × 2,175 MHz derived.
  gpu('RTX-4000-ADA', 'NVIDIA', 'RTX 4000 Ada', 20, 'PCIE', 'Ada Lovelace', 106.9, 106.9, 360),
  // RTX A-series datasheets: tensor 309.7 / 222.2 / 189.2 / 153.4 / 63.9 TFLOPS sparse ÷ 2.
  gpu('RTX-A6000', 'NVIDIA', 'RTX A6000', 48, 'PCIE', 'Ampere', 154.8, 154.8, 768),
  gpu('RTX-A5000', 'NVIDIA', 'RTX A5000', 24, 'PCIE', 'Ampere', 111.1, 111.1, 768),
  gpu('RTX-A4500', 'NVIDIA', 'RTX A4500', 20, 'PCIE', 'Ampere', 94.6, 94.6, 640),
  gpu('RTX-A4000', 'NVIDIA', 'RTX A4000', 16, 'PCIE', 'Ampere', 76.7, 76.7, 448),
  gpu('RTX-A2000', 'NVIDIA', 'RTX A2000', 6, 'PCIE', 'Ampere', 32, 32, 288),
  gpu('RTX-A2000-12GB', 'NVIDIA', 'RTX A2000', 12, 'PCIE', 'Ampere', 32, 32, 288),
  // Quadro RTX datasheets (Turing, no BF16): tensor 130.5 / 130.5 / 89.2 / 57.0 TFLOPS.
  gpu('QUADRO-RTX-8000', 'NVIDIA', 'Quadro RTX 8000', 48, 'PCIE', 'Turing', 130.5, null, 672),
  gpu('QUADRO-RTX-6000', 'NVIDIA', 'Quadro RTX 6000', 24, 'PCIE', 'Turing', 130.5, null, 672),
  gpu('QUADRO-RTX-5000', 'NVIDIA', 'Quadro RTX 5000', 16, 'PCIE', 'Turing', 89.2, null, 448),
  gpu('QUADRO-RTX-4000', 'NVIDIA', 'Quadro RTX 4000', 8, 'PCIE', 'Turing', 57, null, 416),
  // Quadro Pascal/Maxwell datasheets: no tensor cores, FP16 at a token rate.
  gpu('QUADRO-P6000', 'NVIDIA', 'Quadro P6000', 24, 'PCIE', 'Pascal', null, null, 432),
  gpu('QUADRO-P5000', 'NVIDIA', 'Quadro P5000', 16, 'PCIE', 'Pascal', null, null, 288),
  gpu('QUADRO-P4000', 'NVIDIA', 'Quadro P4000', 8, 'PCIE', 'Pascal', null, null, 243),
  gpu('QUADRO-M4000', 'NVIDIA', 'Quadro M4000', 8, 'PCIE', 'Maxwell', null, null, 192),
  // GeForce RTX 50 (Blackwell whitepaper): FP16 tensor, FP32 accumulate, dense.
  gpu('RTX-5090', 'NVIDIA', 'RTX 5090', 32, 'PCIE', 'Blackwell', 209.5, 209.5, 1792),
  gpu('RTX-5080', 'NVIDIA', 'RTX 5080', 16, 'PCIE', 'Blackwell', 112.6, 112.6, 960),
  // GeForce RTX 40 (Ada whitepaper).
  gpu('RTX-4090', 'NVIDIA', 'RTX 4090', 24, 'PCIE', 'Ada Lovelace', 165.2, 165.2, 1008),
  gpu('RTX-4080', 'NVIDIA', 'RTX 4080', 16, 'PCIE', 'Ada Lovelace', 97.5, 97.5, 716.8),
  gpu('RTX-4070-TI', 'NVIDIA', 'RTX 4070 Ti', 12, 'PCIE', 'Ada Lovelace', 80.2, 80.2, 504),
  gpu('RTX-4070', 'NVIDIA', 'RTX 4070', 12, 'PCIE', 'Ada Lovelace', 58.3, 58.3, 504),
  gpu('RTX-4060-TI', 'NVIDIA', 'RTX 4060 Ti', 8, 'PCIE', 'Ada Lovelace', 44.1, 44.1, 288),
  gpu('RTX-4060-TI-16GB', 'NVIDIA', 'RTX 4060 Ti', 16, 'PCIE', 'Ada Lovelace', 44.1, 44.1, 288),
  gpu('RTX-4060', 'NVIDIA', 'RTX 4060', 8, 'PCIE', 'Ada Lovelace', 30.2, 30.2, 272),
  // GeForce RTX 30 (GA102/GA104 whitepaper; derived for the later Ti/12 GB cards).
  gpu('RTX-3090-TI', 'NVIDIA', 'RTX 3090 Ti', 24, 'PCIE', 'Ampere', 80, 80, 1008),
  gpu('RTX-3090', 'NVIDIA', 'RTX 3090', 24, 'PCIE', 'Ampere', 71.2, 71.2, 936),
  gpu('RTX-3080-TI', 'NVIDIA', 'RTX 3080 Ti', 12, 'PCIE', 'Ampere', 68.2, 68.2, 912),
  gpu('RTX-3080', 'NVIDIA', 'RTX 3080', 10, 'PCIE', 'Ampere', 59.5, 59.5, 760),
  gpu('RTX-3080-12GB', 'NVIDIA', 'RTX 3080', 12, 'PCIE', 'Ampere', 61.3, 61.3, 912),
  gpu('RTX-3070', 'NVIDIA', 'RTX 3070', 8, 'PCIE', 'Ampere', 40.6, 40.6, 448),
  gpu('RTX-3060-TI', 'NVIDIA', 'RTX 3060 Ti', 8, 'PCIE', 'Ampere', 32.4, 32.4, 448),
  gpu('RTX-3060', 'NVIDIA', 'RTX 3060', 12, 'PCIE', 'Ampere', 25.5, 25.5, 360),
  // Turing GeForce / Titan (Turing whitepaper; Titan RTX accumulates FP32 at full rate). No BF16.
  gpu('TITAN-RTX', 'NVIDIA', 'Titan RTX', 24, 'PCIE', 'Turing', 130.5, null, 672),
  gpu('RTX-2080-TI', 'NVIDIA', 'RTX 2080 Ti', 11, 'PCIE', 'Turing', 53.8, null, 616),
  gpu('RTX-2080', 'NVIDIA', 'RTX 2080', 8, 'PCIE', 'Turing', 40.3, null, 448),
  // GeForce GTX 10 (Pascal): no tensor cores, FP16 at 1/64 rate.
  gpu('GTX-1080-TI', 'NVIDIA', 'GTX 1080 Ti', 11, 'PCIE', 'Pascal', null, null, 484),
  gpu('GTX-1080', 'NVIDIA', 'GTX 1080', 8, 'PCIE', 'Pascal', null, null, 320),
  gpu('GTX-1070', 'NVIDIA', 'GTX 1070', 8, 'PCIE', 'Pascal', null, null, 256),
];
