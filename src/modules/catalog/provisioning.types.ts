import type { ProviderContext } from './catalog.types.js';

/**
 * What to create at a provider for one of our pods. `podId` is our id: adapters put it where the
 * provider keeps a name or label (`gpb-<podId>`), so `find` can look the instance up after a crash
 * and a retried create never makes a second one.
 */
export interface InstanceSpec {
  podId: string;
  /** `gpb-<podId>`: the instance name at the provider (where it has one). */
  name: string;
  /** The offer as the provider knows it (`providerOfferId`, e.g. `gpu_1x_a10:us-east-1`). */
  providerOfferId: string;
  /** The provider's own GPU name and region of the offer (what its create call wants). */
  gpuName: string;
  gpuCount: number;
  region: string;
  spot: boolean;
  /** Container or OS image; adapters map it to what the provider takes (or use their default). */
  image: string;
  storageGb: number;
  /** TCP ports to expose (22 and 8888 by default). */
  ports: number[];
  /** OpenSSH public key line (validated by the caller), or null. */
  sshPublicKey: string | null;
}

/** An instance's state, in our words. */
export type InstanceState = 'creating' | 'running' | 'stopped' | 'terminated' | 'failed';

export interface ProviderInstance {
  /** The provider's id for the instance. */
  instanceId: string;
  state: InstanceState;
  /** How to reach it, once the provider says (null while booting). */
  ssh: { host: string; port: number; user: string } | null;
  /** A Jupyter endpoint when the provider gives one (token included), else null. */
  jupyter: { url: string; token: string } | null;
  /** The provider's raw status word, for the pod's status history. */
  providerStatus: string;
}

/**
 * The create call failed because the provider has no capacity for the offer now (sold out, no
 * machine free, bid outbid): the caller fails over to the next offer instead of retrying this one.
 */
export class ProviderCapacityError extends Error {
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderCapacityError';
  }
}

/**
 * Instance lifecycle at one provider (LIVE). Every method throws `ProviderHttpError` on HTTP
 * failures (status kept, so callers tell a 5xx from a 4xx), `ProviderCapacityError` from `create`
 * when the provider has no capacity. All calls are safe to repeat: `stop` on a stopped instance and
 * `terminate` on a terminated (or already gone) one succeed.
 */
export interface ProvisioningAdapter {
  /** The instance created for `podId` (by its `gpb-<podId>` name/label), or null when there is none. */
  find(ctx: ProviderContext, podId: string): Promise<ProviderInstance | null>;
  /** Creates the instance; resolves with what the provider answered (usually `creating`). */
  create(ctx: ProviderContext, spec: InstanceSpec): Promise<ProviderInstance>;
  /** The instance now, or null when the provider no longer knows it. */
  get(ctx: ProviderContext, instanceId: string): Promise<ProviderInstance | null>;
  start(ctx: ProviderContext, instanceId: string): Promise<void>;
  stop(ctx: ProviderContext, instanceId: string): Promise<void>;
  terminate(ctx: ProviderContext, instanceId: string): Promise<void>;
}

/** The provider-side name of a pod's instance. */
export const instanceNameOf = (podId: string): string => `gpb-${podId}`;
