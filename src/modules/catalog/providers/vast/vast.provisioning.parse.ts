import { z } from 'zod';
import type { InstanceState, ProviderInstance } from '../../provisioning.types.js';

/**
 * One instance as `GET /instances/` (array items) and `GET /instances/{id}/` (under `instances`) describe
 * it. Every field is optional: the docs example of a freshly rented instance carries only
 * `actual_status`, `ssh_host` and `ssh_port`.
 */
const instanceSchema = z.object({
  id: z.number().nullish(),
  label: z.string().nullish(),
  /** Container state: null (provisioning), loading, running, stopped, frozen, exited, rebooting, unknown, offline. */
  actual_status: z.string().nullish(),
  /** The state asked for: running, stopped or frozen. */
  intended_status: z.string().nullish(),
  /** Contract state: running, stopped, or `unloaded` once destroyed. */
  cur_state: z.string().nullish(),
  ssh_host: z.string().nullish(),
  ssh_port: z.number().nullish(),
  public_ipaddr: z.string().nullish(),
  /** Docker port map: `{"8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "41234"}]}`. */
  ports: z
    .record(z.string(), z.array(z.object({ HostIp: z.string().nullish(), HostPort: z.string() })).nullish())
    .nullish(),
  jupyter_token: z.string().nullish(),
});
export type VastInstance = z.infer<typeof instanceSchema>;

export const instanceListSchema = z.object({
  instances_found: z.number().nullish(),
  instances: z.array(instanceSchema),
});

/** `GET /instances/{id}/`: `instances` is the instance object, or null when the id is not (or no longer) known. */
export const instanceOneSchema = z.object({ instances: instanceSchema.nullable() });

/** `PUT /asks/{id}/` 200: `new_contract` is the new instance's id. */
export const createAnswerSchema = z.object({
  success: z.boolean(),
  new_contract: z.number().nullish(),
  error: z.string().nullish(),
  msg: z.string().nullish(),
});

/** The offer lookup (`POST /bundles/`) reads only the ask id and its current lowest accepted bid. */
const bidOfferSchema = z.object({ id: z.number(), min_bid: z.number().nullish() });
export const bidBundlesSchema = z.object({ offers: z.union([z.array(bidOfferSchema), bidOfferSchema]) });

/** Vast's SSH (and Jupyter) runtypes set up root access in the container. */
export const VAST_SSH_USER = 'root';
/** Internal port of Vast's Jupyter under the `jupyter*` runtypes. */
export const VAST_JUPYTER_PORT = 8080;

/**
 * Status words → our states. `cur_state: unloaded` (the contract released by a destroy) → terminated,
 * whatever the container says. Then `actual_status`: running → running; null (being provisioned),
 * loading (image pull / container start), rebooting, and any word not listed in the docs → creating;
 * stopped and frozen (paused, memory kept) → stopped; exited (the container process died), unknown (no
 * heartbeat from the host) and offline (host disconnected) → failed.
 */
export function vastStateOf(instance: VastInstance): InstanceState {
  if (instance.cur_state === 'unloaded') return 'terminated';
  switch (instance.actual_status) {
    case 'running':
      return 'running';
    case 'stopped':
    case 'frozen':
      return 'stopped';
    case 'exited':
    case 'unknown':
    case 'offline':
      return 'failed';
    default:
      return 'creating';
  }
}

/** The raw word kept in the pod's history: `unloaded` for a destroyed contract, else `actual_status`. */
export function vastStatusWordOf(instance: VastInstance): string {
  if (instance.cur_state === 'unloaded') return 'unloaded';
  return instance.actual_status ?? 'provisioning';
}

/**
 * Instance → `ProviderInstance`. SSH = `ssh_host:ssh_port` as user root once both are given (Vast's
 * SSH endpoint, proxy or direct). Jupyter only when the instance has a `jupyter_token`, a public IP and
 * a host port mapped to Vast's Jupyter port 8080: `https://<public_ipaddr>:<HostPort>` (Vast serves
 * Jupyter over TLS).
 */
export function toProviderInstance(instanceId: string, instance: VastInstance): ProviderInstance {
  const ssh =
    instance.ssh_host && instance.ssh_port != null
      ? { host: instance.ssh_host, port: instance.ssh_port, user: VAST_SSH_USER }
      : null;
  const hostPort = instance.ports?.[`${VAST_JUPYTER_PORT}/tcp`]?.[0]?.HostPort;
  const ip = instance.public_ipaddr?.trim();
  const jupyter =
    instance.jupyter_token && ip && hostPort
      ? { url: `https://${ip}:${hostPort}`, token: instance.jupyter_token }
      : null;
  return {
    instanceId,
    state: vastStateOf(instance),
    ssh,
    jupyter,
    providerStatus: vastStatusWordOf(instance),
  };
}

/** `12345678` → on-demand ask 12345678; `12345678:spot` → the same ask rented as an interruptible bid. */
export function parseVastOfferId(providerOfferId: string): { askId: number; spot: boolean } {
  const match = /^(\d+)(:spot)?$/.exec(providerOfferId);
  if (!match)
    throw new Error(`vast: not a Vast offer id: ${providerOfferId} (want <ask id> or <ask id>:spot)`);
  return { askId: Number(match[1]), spot: match[2] !== undefined };
}
