import { z } from 'zod';
import type { InstanceState, ProviderInstance } from '../../provisioning.types.js';

/** The fields of Lambda's `Instance` object the provisioning adapter reads (the rest is ignored). */
const instanceSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  ip: z.string().nullish(),
  status: z.string(),
  jupyter_url: z.string().nullish(),
  jupyter_token: z.string().nullish(),
});
export type LambdaInstance = z.infer<typeof instanceSchema>;

/** `GET /instances` */
export const instanceListSchema = z.object({ data: z.array(instanceSchema) });
/** `GET /instances/{id}` */
export const instanceBodySchema = z.object({ data: instanceSchema });
/** `POST /instance-operations/launch`: ids only (poll `GET /instances/{id}` for the status). */
export const launchBodySchema = z.object({ data: z.object({ instance_ids: z.array(z.string()).min(1) }) });
/** `POST /instance-operations/terminate` */
export const terminateBodySchema = z.object({
  data: z.object({ terminated_instances: z.array(instanceSchema) }),
});

const sshKeySchema = z.object({ id: z.string(), name: z.string(), public_key: z.string() });
/** `GET /ssh-keys` */
export const sshKeyListSchema = z.object({ data: z.array(sshKeySchema) });
/** `POST /ssh-keys` (with a public key: the stored key, no private key). */
export const sshKeyBodySchema = z.object({ data: sshKeySchema });

/** Lambda's error envelope: `{ "error": { "code", "message", "suggestion"? } }`. */
const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

/** The documented launch error code when the type has no free machine in the region. */
export const LAMBDA_CAPACITY_ERROR_CODE = 'instance-operations/launch/insufficient-capacity';

/**
 * The `error.code` of an error body (`ProviderHttpError.body`), or null when there is none or the text
 * is not Lambda's error envelope (a cut-off or non-JSON body included).
 */
export function lambdaErrorCodeOf(text: string | null): string | null {
  if (!text) return null;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.code : null;
  } catch {
    return null;
  }
}

/** SSH login of Lambda's images (Lambda Stack, GPU Base, Ubuntu): `ubuntu`, port 22. */
export const LAMBDA_SSH_USER = 'ubuntu';
const SSH_PORT = 22;

/**
 * Lambda status word → our state. `booting` → creating, `active` → running, `unhealthy` → failed,
 * `terminating` / `terminated` / `preempted` → terminated (none can come back: Lambda has no stop).
 * A word Lambda adds later maps to `creating` (not usable yet, but not assumed dead either); the raw
 * word is kept in `providerStatus`.
 */
export function lambdaStateOf(status: string): InstanceState {
  switch (status) {
    case 'active':
      return 'running';
    case 'unhealthy':
      return 'failed';
    case 'terminating':
    case 'terminated':
    case 'preempted':
      return 'terminated';
    default:
      return 'creating';
  }
}

/**
 * A Lambda instance in our words. `ssh` once Lambda reports the public `ip` (user `ubuntu`, port 22;
 * none for a terminated instance); `jupyter` from `jupyter_url` + `jupyter_token` (Lambda hosts
 * JupyterLab behind its own HTTPS URL, so no port 8888 is involved).
 */
export function toProviderInstance(instance: LambdaInstance): ProviderInstance {
  const state = lambdaStateOf(instance.status);
  const ip = instance.ip?.trim();
  return {
    instanceId: instance.id,
    state,
    ssh: ip && state !== 'terminated' ? { host: ip, port: SSH_PORT, user: LAMBDA_SSH_USER } : null,
    jupyter:
      instance.jupyter_url && instance.jupyter_token
        ? { url: instance.jupyter_url, token: instance.jupyter_token }
        : null,
    providerStatus: instance.status,
  };
}

/** `ssh-ed25519 AAAA… comment` → `ssh-ed25519 AAAA…` (Lambda may keep or drop the comment). */
export function sshKeyIdentity(publicKey: string): string {
  return publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
}

/**
 * Lambda image families (as `GET /images` lists them: `lambda-stack-24-04`, `gpu-base-24-04`,
 * `ubuntu-22-04`, …) and image ids (UUIDs) are passed on; anything else (a container image such as
 * `pytorch/pytorch:2.4.0-cuda12.1`) cannot run on a Lambda VM, so the launch omits `image` and Lambda
 * boots its default, the latest Lambda Stack (which ships PyTorch, CUDA and Docker).
 */
export function lambdaImageOf(image: string): { id: string } | { family: string } | undefined {
  const value = image.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return { id: value };
  if (/^(lambda-stack|gpu-base|ubuntu)(-legacy)?-\d{2}-\d{2}$/.test(value)) return { family: value };
  return undefined;
}

/**
 * The catalog's offer id back into Lambda's launch fields: `gpu_1x_a10:us-east-1` → type + region.
 * A sold-out type's offer carries no region (`gpu_1x_gh200`): `fallbackRegion` (the spec's region)
 * is used unless it is the catalog's `unknown` placeholder, in which case null (nowhere to launch).
 */
export function parseLambdaOfferId(
  providerOfferId: string,
  fallbackRegion: string,
): { instanceTypeName: string; regionName: string } | null {
  const [type, region] = providerOfferId.split(':', 2);
  const regionName = region || fallbackRegion;
  if (!type || !regionName || regionName === 'unknown') return null;
  return { instanceTypeName: type, regionName };
}
