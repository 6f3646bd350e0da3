/** A fixed OCI GPU shape: what one instance of it gets. */
export interface OciGpuShape {
  shape: string;
  gpus: number;
  /** Per GPU, GB. */
  gpuVramGb: number;
  /** OCPUs × 2 (one x86 OCPU is one physical core = two vCPUs). */
  vcpus: number;
  ramGb: number;
}

/**
 * GPU shapes by the GPU name the price list uses (the `displayName` tail after `GPU - `, upper case,
 * single spaces). Figures from the OCI Compute Shapes reference
 * (https://docs.oracle.com/en-us/iaas/Content/Compute/References/computeshapes.htm) as tabulated in public
 * write-ups seen through the code-search index: A10 / L40S / A100-v2 shapes "OCPU / RAM" (file id
 * 67192529050), BM.GPU.H100.8 "112 cores, 2 TB DDR5, 8 × 80 GB" (file id 51919937317). Local NVMe is
 * not counted (storageGb 0): boot volumes are billed separately. GPUs without a documented shape here
 * (H200, B200, B300, GB200, GB300, MI300X, MI355X, RTX PRO 6000, H100T …) are listed per GPU by the adapter.
 */
export const OCI_GPU_SHAPES: Record<string, OciGpuShape[]> = {
  A10: [
    { shape: 'VM.GPU.A10.1', gpus: 1, gpuVramGb: 24, vcpus: 30, ramGb: 240 },
    { shape: 'VM.GPU.A10.2', gpus: 2, gpuVramGb: 24, vcpus: 60, ramGb: 480 },
    { shape: 'BM.GPU.A10.4', gpus: 4, gpuVramGb: 24, vcpus: 128, ramGb: 1024 },
  ],
  L40S: [{ shape: 'BM.GPU.L40S.4', gpus: 4, gpuVramGb: 48, vcpus: 224, ramGb: 1024 }],
  'A100 - V2': [{ shape: 'BM.GPU.A100-v2.8', gpus: 8, gpuVramGb: 80, vcpus: 256, ramGb: 2048 }],
  H100: [{ shape: 'BM.GPU.H100.8', gpus: 8, gpuVramGb: 80, vcpus: 224, ramGb: 2048 }],
};
