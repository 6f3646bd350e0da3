/**
 * GPU registry and name normalization: the canonical accelerator models (`H100-80GB-SXM`, `RTX-4090` …)
 * with their published specs, and the resolver that maps each provider's spelling onto them.
 */
export type { GpuFormFactor, GpuModel, GpuVendor } from './gpu-model.types.js';
export { GPU_MODELS, gpuModel, KNOWN_VRAM_GB, snapVramGb } from './gpu-models.js';
export { type GpuResolution, type ResolveGpuOptions, resolveGpu } from './resolve.js';
