import { readDatasetJson } from '../../assets.js';
import type { ProviderContext } from '../../catalog.types.js';
import type { InstanceSpec } from '../../provisioning.types.js';
import { callOver, type RecordedRoute } from '../recorded-server.test-support.js';

/** Sent by the context's client on every call: seen on a request = it went through `ctx.http`. */
export const CLIENT_HEADERS = { 'user-agent': 'gpubroker-test/1' };

/** Runs `call` against a recorded server under `/v4`, as `settleOver` builds the context. */
export async function over<T>(routes: RecordedRoute[], call: (ctx: ProviderContext) => Promise<T>) {
  return callOver(routes, call, { prefix: '/v4', headers: CLIENT_HEADERS });
}

export const settledValue = <T>(result: PromiseSettledResult<T>): T => {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
};
export const settledReason = (result: PromiseSettledResult<unknown>): unknown =>
  result.status === 'rejected' ? result.reason : undefined;

export const POD = 'pod_01JABCDEFGHJKMNPQRSTVWXYZ0';
export const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGpubrokerTestKey user@host';
export const spec: InstanceSpec = {
  podId: POD,
  name: `gpb-${POD}`,
  providerOfferId: 'g1-gpu-rtx6000-2:us-ord',
  gpuName: 'RTX6000',
  gpuCount: 2,
  region: 'us-ord',
  spot: false,
  image: 'linode/ubuntu24.04',
  storageGb: 1280,
  ports: [22, 8888],
  sshPublicKey: KEY,
};

export type Linode = Record<string, unknown>;
export const recordedId = () => readDatasetJson<Linode>('provider-api', 'linode/linode-instances-id.json');
export const recordedList = () =>
  readDatasetJson<{ data: Linode[]; page: number; pages: number; results: number }>(
    'provider-api',
    'linode/linode-instances.json',
  );
