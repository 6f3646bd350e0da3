import { expect } from 'vitest';
import type { ProviderContext } from '../../catalog.types.js';
import { type InstanceSpec, instanceNameOf } from '../../provisioning.types.js';
import { callOver, type RecordedRoute } from '../recorded-server.test-support.js';

/** Runs `call` against a recorded server under `/api/v0` (the base URL's path), like `settleOver` does. */
export async function over<T>(routes: RecordedRoute[], call: (ctx: ProviderContext) => Promise<T>) {
  return callOver(routes, call, { prefix: '/api/v0' });
}

export async function ok<T>(routes: RecordedRoute[], call: (ctx: ProviderContext) => Promise<T>) {
  const { result, requests } = await over(routes, call);
  if (result.status === 'rejected') throw result.reason;
  return { value: result.value, requests };
}

export async function failure(routes: RecordedRoute[], call: (ctx: ProviderContext) => Promise<unknown>) {
  const { result, requests } = await over(routes, call);
  expect(result.status).toBe('rejected');
  return { error: result.status === 'rejected' ? (result.reason as unknown) : undefined, requests };
}

export const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBrokerTestKey pod@gpubroker';
export const spec: InstanceSpec = {
  podId: 'pod_7f3k',
  name: instanceNameOf('pod_7f3k'),
  providerOfferId: '12345678',
  gpuName: 'Imaginary RTX 9999',
  gpuCount: 4,
  region: 'Atlantis, AT',
  spot: false,
  image: 'pytorch/pytorch:latest',
  storageGb: 100,
  ports: [22, 8888],
  sshPublicKey: KEY,
};
export const RENT: RecordedRoute = {
  method: 'PUT',
  path: '/asks/12345678/',
  file: 'vast/asks-id-create-instance.json',
};
