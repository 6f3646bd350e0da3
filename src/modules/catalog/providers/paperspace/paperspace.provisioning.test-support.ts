import type { ProviderContext } from '../../catalog.types.js';
import type { InstanceSpec } from '../../provisioning.types.js';
import {
  type RecordedRequest,
  type RecordedRoute,
  type RecordedServer,
  recordedContext,
  startRecordedServer,
} from '../recorded-server.test-support.js';

const servers: RecordedServer[] = [];

/** Closes the servers `over` started (call from `afterEach`). */
export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

/** Sent by the context's client on every call: seen on a request = it went through `ctx.http`. */
export const CLIENT_HEADERS = { 'user-agent': 'gpubroker-test/1' };

/** A context over a recorded server answering `routes` (as `settleOver` builds it). */
export async function over(
  routes: RecordedRoute[],
): Promise<{ ctx: ProviderContext; requests: RecordedRequest[] }> {
  const server = await startRecordedServer(routes);
  servers.push(server);
  return { ctx: recordedContext(server.baseUrl, { headers: CLIENT_HEADERS }), requests: server.requests };
}

export const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGpb user@host';

export const spec: InstanceSpec = {
  podId: 'pod1',
  name: 'gpb-pod1',
  providerOfferId: 'A100-80Gx4:East Coast (NY2)',
  gpuName: 'A100-80GB',
  gpuCount: 4,
  region: 'East Coast (NY2)',
  spot: false,
  image: 'ubuntu-22.04',
  storageGb: 80,
  ports: [22, 8888],
  sshPublicKey: KEY,
};
