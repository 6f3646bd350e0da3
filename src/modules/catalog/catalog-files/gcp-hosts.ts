/**
 * GCP's catalog lists accelerators apart from VMs: a row with an empty InstanceType is the price of
 * attaching N GPUs/TPUs in a zone, and a GPU can only be rented on a host VM. This decides which
 * host VM (also a row of the same file, same zone) an attachable GPU row is composed with:
 *
 * - A100 (40 GB) × n → `a2-highgpu-<n>g` (× 16 → `a2-megagpu-16g`); A100-80GB × n → `a2-ultragpu-<n>g`;
 *   H100 × 8 → `a3-highgpu-8g` (these GPUs only come in these fixed shapes);
 * - L4 × n → the smallest G2 shape carrying n L4s: 1 → `g2-standard-4`, 2 → `-24`, 4 → `-48`, 8 → `-96`;
 * - any other GPU (T4, V100, P100, P4, K80 …) × n → `n1-highmem-<8·n>` (8 vCPUs / 52 GiB per GPU,
 *   a balanced general-purpose host), when that shape exists (n ∈ 1, 2, 4, 8);
 * - TPUs (`tpu-…`) are rented on their own: the row is the offer, no host.
 */
export type GcpHost = { kind: 'standalone' } | { kind: 'host'; instanceType: string } | { kind: 'none' };

const FIXED_SHAPE: Record<string, Record<number, string>> = {
  A100: {
    1: 'a2-highgpu-1g',
    2: 'a2-highgpu-2g',
    4: 'a2-highgpu-4g',
    8: 'a2-highgpu-8g',
    16: 'a2-megagpu-16g',
  },
  'A100-80GB': { 1: 'a2-ultragpu-1g', 2: 'a2-ultragpu-2g', 4: 'a2-ultragpu-4g', 8: 'a2-ultragpu-8g' },
  H100: { 8: 'a3-highgpu-8g' },
  L4: { 1: 'g2-standard-4', 2: 'g2-standard-24', 4: 'g2-standard-48', 8: 'g2-standard-96' },
};

const N1_HIGHMEM_VCPUS = new Set([8, 16, 32, 64]);

/** Host VM type for `count` × `acceleratorName` on GCP (see the module comment for the rule). */
export function gcpHostFor(acceleratorName: string, count: number): GcpHost {
  if (acceleratorName.toLowerCase().startsWith('tpu-')) return { kind: 'standalone' };
  const fixed = FIXED_SHAPE[acceleratorName];
  if (fixed) {
    const instanceType = fixed[count];
    return instanceType ? { kind: 'host', instanceType } : { kind: 'none' };
  }
  return N1_HIGHMEM_VCPUS.has(8 * count)
    ? { kind: 'host', instanceType: `n1-highmem-${8 * count}` }
    : { kind: 'none' };
}
