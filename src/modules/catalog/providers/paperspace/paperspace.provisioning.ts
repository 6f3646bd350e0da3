import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import { instanceNameOf, ProviderCapacityError, type ProvisioningAdapter } from '../../provisioning.types.js';
import {
  availabilitySchema,
  createMachineBody,
  machineListSchema,
  machineSchema,
  parseOfferId,
  postMappingCapacity,
  scriptSchema,
  sshKeyScript,
  toInstance,
} from './paperspace.machines.js';

const auth = (ctx: ProviderContext) => ({ 'x-api-key': ctx.credential ?? '' });

const isNotFound = (err: unknown) => err instanceof ProviderHttpError && err.status === 404;

/**
 * Paperspace machines over the legacy API (`api.paperspace.io`, `X-Api-Key`), the API family of the
 * catalog adapter and of the recorded bodies (paths as the gradient-cli SDK sends them):
 * - create: `GET /machines/getAvailability/?region&machineType` first (`available: false` →
 *   `ProviderCapacityError`); then, with an SSH key, `POST /scripts/createScript` (a run-once startup
 *   script adding the key for user `paperspace`: the legacy API takes no key on create); then
 *   `POST /machines/createSingleMachinePublic/` {region, machineType, size, billingType hourly,
 *   machineName = `gpb-<podId>`, templateId, assignPublicIp, startOnCreate, scriptId}. A refusal whose
 *   message speaks of capacity → `ProviderCapacityError`. No port settings exist: a public IP is
 *   assigned and every port of the template's firewall is reachable; `spot` has no create parameter.
 * - find: `GET /machines/getMachines/?name=` and the machine with that exact name.
 * - get: `GET /machines/getMachinePublic/?machineId=` (404 → null).
 * - start / stop: `POST /machines/{id}/start/` / `/stop/` (no-ops when already there, per docs).
 * - terminate: `POST /machines/{id}/destroyMachine/` {releasePublicIp: true}; 404 = already gone.
 */
export const paperspaceProvisioning: ProvisioningAdapter = {
  async find(ctx, podId) {
    const name = instanceNameOf(podId);
    const body = await ctx.http.request('GET', '/machines/getMachines/', {
      query: { name },
      headers: auth(ctx),
    });
    const machine = machineListSchema.parse(body).find((m) => m.name === name);
    return machine ? toInstance(machine) : null;
  },

  async create(ctx, spec) {
    const { machineType, region } = parseOfferId(spec.providerOfferId);
    const availability = availabilitySchema.parse(
      await ctx.http.request('GET', '/machines/getAvailability/', {
        query: { region, machineType },
        headers: auth(ctx),
      }),
    );
    if (!availability.available) {
      throw new ProviderCapacityError('paperspace', `paperspace: ${machineType} not available in ${region}`);
    }
    let scriptId: string | null = null;
    if (spec.sshPublicKey) {
      const script = await ctx.http.request('POST', '/scripts/createScript', {
        headers: auth(ctx),
        body: {
          scriptName: `${spec.name}-ssh-key`,
          scriptText: sshKeyScript(spec.sshPublicKey),
          scriptDescription: `GPUBROKER SSH key for ${spec.name}`,
          isEnabled: true,
          runOnce: true,
        },
      });
      scriptId = scriptSchema.parse(script).id;
    }
    const created = await postMappingCapacity(
      ctx,
      '/machines/createSingleMachinePublic/',
      createMachineBody(spec, scriptId),
    );
    return toInstance(machineSchema.parse(created));
  },

  async get(ctx, instanceId) {
    try {
      const body = await ctx.http.request('GET', '/machines/getMachinePublic/', {
        query: { machineId: instanceId },
        headers: auth(ctx),
      });
      return toInstance(machineSchema.parse(body));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  },

  async start(ctx, instanceId) {
    await ctx.http.request('POST', `/machines/${encodeURIComponent(instanceId)}/start/`, {
      headers: auth(ctx),
    });
  },

  async stop(ctx, instanceId) {
    await ctx.http.request('POST', `/machines/${encodeURIComponent(instanceId)}/stop/`, {
      headers: auth(ctx),
    });
  },

  async terminate(ctx, instanceId) {
    try {
      await ctx.http.request('POST', `/machines/${encodeURIComponent(instanceId)}/destroyMachine/`, {
        headers: auth(ctx),
        body: { releasePublicIp: true },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
};
