import { z } from 'zod';
import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import {
  type InstanceSpec,
  type InstanceState,
  ProviderCapacityError,
  type ProviderInstance,
} from '../../provisioning.types.js';

/** A machine as the legacy API returns it (create, show, list); other fields are ignored. */
export const machineSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  state: z.string(),
  publicIpAddress: z.string().nullish(),
  region: z.string().nullish(),
});
export type PaperspaceMachine = z.infer<typeof machineSchema>;

export const machineListSchema = z.array(machineSchema);
export const availabilitySchema = z.object({ available: z.boolean() });
/** `POST /scripts/createScript` answer (documented shape: id, name, isEnabled, runOnce …). */
export const scriptSchema = z.object({ id: z.string() });

/**
 * Legacy `state` words (machines show docs) → our state. `provisioning`/`starting`/`restarting`/
 * `upgrading`/`serviceready` (services up, agent not yet) are on the way to `ready`; `stopping`/`off`
 * are stopped (the disk is kept and billed until destroy). The legacy API has no terminated state: a
 * destroyed machine disappears (show answers 404). An undocumented word is treated as transient.
 */
const STATE_BY_WORD: Record<string, InstanceState> = {
  provisioning: 'creating',
  starting: 'creating',
  restarting: 'creating',
  upgrading: 'creating',
  serviceready: 'creating',
  ready: 'running',
  stopping: 'stopped',
  off: 'stopped',
};

/** Default login of Paperspace Linux templates. */
export const PAPERSPACE_SSH_USER = 'paperspace';

export function toInstance(machine: PaperspaceMachine): ProviderInstance {
  const host = machine.publicIpAddress?.trim();
  return {
    instanceId: machine.id,
    state: STATE_BY_WORD[machine.state.toLowerCase()] ?? 'creating',
    ssh: host ? { host, port: 22, user: PAPERSPACE_SSH_USER } : null,
    jupyter: null,
    providerStatus: machine.state,
  };
}

/**
 * The catalog adapter's offer id `<machine type label>:<region name>` → create parameters. Labels
 * (`A100-80Gx4`, `P5000`) carry no `:`, region names (`East Coast (NY2)`) may not either: split at the
 * first `:`.
 */
export function parseOfferId(providerOfferId: string): { machineType: string; region: string } {
  const at = providerOfferId.indexOf(':');
  const machineType = at > 0 ? providerOfferId.slice(0, at) : '';
  const region = at > 0 ? providerOfferId.slice(at + 1) : '';
  if (!machineType || !region) {
    throw new Error(`paperspace: offer id "${providerOfferId}" is not <machineType>:<region>`);
  }
  return { machineType, region };
}

/**
 * Public OS template used when `spec.image` is not a Paperspace template id (`t` + 7 characters):
 * `t0nspur5`, the public "Ubuntu 22.04 Server" template (listed by `GET /templates/getTemplates`).
 */
export const DEFAULT_TEMPLATE_ID = 't0nspur5';
const TEMPLATE_ID = /^t[a-z0-9]{7}$/;

export function templateIdOf(image: string): string {
  return TEMPLATE_ID.test(image.trim()) ? image.trim() : DEFAULT_TEMPLATE_ID;
}

/** Disk sizes (GB) Paperspace machines come in; the request is rounded up to one of them. */
const DISK_SIZES_GB = [50, 100, 250, 500, 1000, 2000] as const;

export function diskSizeOf(storageGb: number): number {
  return DISK_SIZES_GB.find((size) => size >= storageGb) ?? 2000;
}

/**
 * The legacy API takes no SSH key on create: a startup script (run as root, piped to bash on first
 * boot when `runOnce`) appends the key to the `paperspace` user's authorized_keys.
 */
export function sshKeyScript(publicKey: string): string {
  const quoted = `'${publicKey.trim().replaceAll("'", `'\\''`)}'`;
  const dir = `/home/${PAPERSPACE_SSH_USER}/.ssh`;
  return [
    '#!/bin/bash',
    `mkdir -p ${dir}`,
    `echo ${quoted} >> ${dir}/authorized_keys`,
    `chown -R ${PAPERSPACE_SSH_USER}:${PAPERSPACE_SSH_USER} ${dir}`,
    `chmod 700 ${dir} && chmod 600 ${dir}/authorized_keys`,
    '',
  ].join('\n');
}

/** The `createSingleMachinePublic` body for a spec (plus the startup script id, when there is one). */
export function createMachineBody(spec: InstanceSpec, scriptId: string | null): Record<string, unknown> {
  const { machineType, region } = parseOfferId(spec.providerOfferId);
  return {
    region,
    machineType,
    size: diskSizeOf(spec.storageGb),
    billingType: 'hourly',
    machineName: spec.name,
    templateId: templateIdOf(spec.image),
    assignPublicIp: true,
    startOnCreate: true,
    ...(scriptId ? { scriptId } : {}),
  };
}

/** Error messages Paperspace gives when a machine type has no capacity (create/start answers). */
const CAPACITY_MESSAGE = /capacity|higher than normal demand/i;

/**
 * `POST path` through the context's client (same headers, rate limiting and `ProviderHttpError` as
 * every other call). A create refused for capacity is only told apart by the message of its error body
 * (`{"error": {"status": 400, "message": "... out of capacity ..."}}`, kept in `ProviderHttpError.body`)
 * → `ProviderCapacityError`; every other failure stays the client's `ProviderHttpError`.
 */
export async function postMappingCapacity(
  ctx: ProviderContext,
  path: string,
  body: unknown,
): Promise<unknown> {
  try {
    return await ctx.http.request('POST', path, { headers: { 'x-api-key': ctx.credential ?? '' }, body });
  } catch (err) {
    if (err instanceof ProviderHttpError && err.status !== null && err.body) {
      // Matched only: the provider's text is not put in the message (error bodies are not shown as is).
      if (CAPACITY_MESSAGE.test(errorMessageOf(err.body))) {
        throw new ProviderCapacityError(
          'paperspace',
          `paperspace: no capacity (${path} answered ${err.status})`,
        );
      }
    }
    throw err;
  }
}

/** `{"error": {"message"}}` or `{"message"}` (both shapes occur), else the raw text. */
function errorMessageOf(text: string): string {
  try {
    const parsed = z
      .object({ message: z.string().optional(), error: z.object({ message: z.string() }).optional() })
      .parse(JSON.parse(text));
    return parsed.error?.message ?? parsed.message ?? text;
  } catch {
    return text;
  }
}
