import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import {
  instanceNameOf,
  ProviderCapacityError,
  type ProviderInstance,
  type ProvisioningAdapter,
} from '../../provisioning.types.js';
import {
  instanceBodySchema,
  instanceListSchema,
  LAMBDA_CAPACITY_ERROR_CODE,
  lambdaErrorCodeOf,
  lambdaImageOf,
  launchBodySchema,
  parseLambdaOfferId,
  sshKeyBodySchema,
  sshKeyIdentity,
  sshKeyListSchema,
  terminateBodySchema,
  toProviderInstance,
} from './lambda.instances.js';

const PROVIDER = 'lambda';

const auth = (ctx: ProviderContext) => ({ authorization: `Bearer ${ctx.credential ?? ''}` });

const isNotFound = (err: unknown) => err instanceof ProviderHttpError && err.status === 404;

/**
 * The name of a registered SSH key holding `publicKey`. Lambda's launch takes key NAMES only (exactly
 * one), so the key is looked up in `GET /ssh-keys` (same type + base64 blob, comment ignored) and, when
 * absent, registered by `POST /ssh-keys` as `gpb-<podId>`. A key registered for one pod is reused by
 * later pods of the same public key; keys are never deleted by the adapter.
 */
async function ensureSshKeyName(ctx: ProviderContext, name: string, publicKey: string): Promise<string> {
  const wanted = sshKeyIdentity(publicKey);
  const listed = sshKeyListSchema.parse(await ctx.http.request('GET', '/ssh-keys', { headers: auth(ctx) }));
  const known = listed.data.find((key) => sshKeyIdentity(key.public_key) === wanted);
  if (known) return known.name;
  const created = sshKeyBodySchema.parse(
    await ctx.http.request('POST', '/ssh-keys', {
      headers: auth(ctx),
      body: { name, public_key: publicKey.trim() },
    }),
  );
  return created.data.name;
}

/**
 * `POST /instance-operations/launch` through the context's client (same headers and rate limiting as
 * every other call). Lambda answers "no capacity" as a 400 whose body is its error envelope with the
 * code `instance-operations/launch/insufficient-capacity` (other 400s: invalid parameters, quota
 * exceeded, file system in the wrong region): that code in the error's `body` → `ProviderCapacityError`,
 * every other failure stays the client's `ProviderHttpError`.
 */
async function launch(ctx: ProviderContext, body: Record<string, unknown>): Promise<unknown> {
  try {
    return await ctx.http.request('POST', '/instance-operations/launch', { headers: auth(ctx), body });
  } catch (err) {
    if (err instanceof ProviderHttpError && lambdaErrorCodeOf(err.body) === LAMBDA_CAPACITY_ERROR_CODE) {
      throw new ProviderCapacityError(
        PROVIDER,
        `lambda: no capacity for ${String(body.instance_type_name)} in ${String(body.region_name)}`,
      );
    }
    throw err;
  }
}

const noStopStart = (verb: 'stop' | 'start', instanceId: string): never => {
  throw new Error(
    `lambda: cannot ${verb} instance ${instanceId}: Lambda Cloud has no stop/start (its API only ` +
      'launches, restarts and terminates instances); terminate the instance instead',
  );
};

/**
 * Instance lifecycle on Lambda Cloud API v1 (auth `Authorization: Bearer <API key>`).
 * - `create`: ensures the SSH public key is registered (launch takes key names), then launches ONE
 *   instance named `gpb-<podId>` of the offer's type in its region (`gpu_1x_a10:us-east-1`). Image:
 *   a Lambda image family or id is passed as `image`, anything else gets Lambda's default (latest
 *   Lambda Stack). Ports: Lambda has no per-instance port list (firewall rulesets are account-wide,
 *   SSH is open by default; Jupyter is served on Lambda's own HTTPS URL), so `spec.ports` is unused.
 *   Lambda needs exactly one SSH key, so a spec without a public key is refused.
 * - `find`: `GET /instances`, the one named `gpb-<podId>`, ignoring terminating/terminated ones.
 * - `get`: `GET /instances/{id}`, 404 → null.
 * - `stop` / `start`: NOT SUPPORTED by Lambda (no stopped state); they throw, nothing is sent.
 *   Lambda pods are terminate-only.
 * - `terminate`: `POST /instance-operations/terminate`; 404 (already gone) = success.
 */
export const lambdaProvisioning: ProvisioningAdapter = {
  async find(ctx, podId) {
    const name = instanceNameOf(podId);
    const body = instanceListSchema.parse(
      await ctx.http.request('GET', '/instances', { headers: auth(ctx) }),
    );
    const live = body.data
      .filter((instance) => instance.name === name)
      .map(toProviderInstance)
      .filter((instance) => instance.state !== 'terminated');
    return live[0] ?? null;
  },

  async create(ctx, spec): Promise<ProviderInstance> {
    const offer = parseLambdaOfferId(spec.providerOfferId, spec.region);
    if (!offer) {
      throw new ProviderCapacityError(
        PROVIDER,
        `lambda: ${spec.providerOfferId} has no region with capacity to launch in`,
      );
    }
    if (!spec.sshPublicKey) {
      throw new Error('lambda: an SSH public key is required (Lambda launches need exactly one SSH key)');
    }
    const keyName = await ensureSshKeyName(ctx, spec.name, spec.sshPublicKey);
    const image = lambdaImageOf(spec.image);
    const launched = launchBodySchema.parse(
      await launch(ctx, {
        region_name: offer.regionName,
        instance_type_name: offer.instanceTypeName,
        ssh_key_names: [keyName],
        name: spec.name,
        quantity: 1,
        ...(image ? { image } : {}),
      }),
    );
    // Lambda answers ids only; a launched instance starts `booting` (poll `get` for the rest).
    return {
      instanceId: launched.data.instance_ids[0] as string,
      state: 'creating',
      ssh: null,
      jupyter: null,
      providerStatus: 'booting',
    };
  },

  async get(ctx, instanceId) {
    try {
      const body = await ctx.http.request('GET', `/instances/${encodeURIComponent(instanceId)}`, {
        headers: auth(ctx),
      });
      return toProviderInstance(instanceBodySchema.parse(body).data);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  },

  async start(_ctx, instanceId) {
    noStopStart('start', instanceId);
  },

  async stop(_ctx, instanceId) {
    noStopStart('stop', instanceId);
  },

  async terminate(ctx, instanceId) {
    try {
      const body = await ctx.http.request('POST', '/instance-operations/terminate', {
        headers: auth(ctx),
        body: { instance_ids: [instanceId] },
      });
      terminateBodySchema.parse(body);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
};
