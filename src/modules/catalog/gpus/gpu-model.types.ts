/** Company that designs the accelerator (not the cloud that rents it). */
export type GpuVendor = 'NVIDIA' | 'AMD' | 'Intel' | 'Google' | 'AWS' | 'Habana' | 'Xilinx' | 'Qualcomm';

/** Package: SXM/OAM mezzanine, PCIe card, NVL (PCIe pair with NVLink bridge), superchip, TPU chip. */
export type GpuFormFactor = 'SXM' | 'PCIE' | 'NVL' | 'SUPERCHIP' | 'OAM' | 'TPU' | 'OTHER';

/**
 * One canonical accelerator model. Figures are per device (one GPU, one TPU chip, one Inferentia chip),
 * taken from the vendor's published datasheet / whitepaper named next to each entry.
 * - `fp16Tflops`: dense (no structured sparsity) tensor FP16 TFLOPS; for GeForce cards the figure with
 *   FP32 accumulate (what training uses; half the FP16-accumulate figure); pre-tensor-core GPUs give their
 *   plain FP16 rate; null when the vendor publishes none (or the chip has no fast FP16).
 * - `bf16Tflops`: dense BF16 TFLOPS; null when the chip has no BF16 or no figure is published.
 * - `memoryBandwidthGbps`: memory bandwidth in GB/s (bytes, not bits); null when unpublished.
 */
export interface GpuModel {
  readonly model: string;
  readonly vendor: GpuVendor;
  readonly family: string;
  readonly vramGb: number;
  readonly formFactor: GpuFormFactor;
  readonly architecture: string;
  readonly fp16Tflops: number | null;
  readonly bf16Tflops: number | null;
  readonly memoryBandwidthGbps: number | null;
}

/** Compact constructor so each catalogue line stays one row of a table. */
export function gpu(
  model: string,
  vendor: GpuVendor,
  family: string,
  vramGb: number,
  formFactor: GpuFormFactor,
  architecture: string,
  fp16Tflops: number | null,
  bf16Tflops: number | null,
  memoryBandwidthGbps: number | null,
): GpuModel {
  return {
    model,
    vendor,
    family,
    vramGb,
    formFactor,
    architecture,
    fp16Tflops,
    bf16Tflops,
    memoryBandwidthGbps,
  };
}
