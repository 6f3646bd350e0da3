import type { InstanceSpec } from '../../provisioning.types.js';

/** The pod both RunPod provisioning test files create: one RTX 4090 in US-KS-2, secure cloud. */
export const SPEC: InstanceSpec = {
  podId: 'pod_1',
  name: 'gpb-pod_1',
  providerOfferId: 'NVIDIA GeForce RTX 4090:US-KS-2:secure',
  gpuName: 'NVIDIA GeForce RTX 4090',
  gpuCount: 1,
  region: 'US-KS-2',
  spot: false,
  image: 'ubuntu-22.04',
  storageGb: 40,
  ports: [22, 8888],
  sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey user@host',
};
