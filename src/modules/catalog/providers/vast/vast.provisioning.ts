import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import {
  type InstanceSpec,
  instanceNameOf,
  ProviderCapacityError,
  type ProviderInstance,
  type ProvisioningAdapter,
} from '../../provisioning.types.js';
import {
  bidBundlesSchema,
  createAnswerSchema,
  instanceListSchema,
  instanceOneSchema,
  parseVastOfferId,
  toProviderInstance,
} from './vast.provisioning.parse.js';

/** Vast's documented default image for `PUT /asks/{id}/` (used when the spec names none). */
export const VAST_DEFAULT_IMAGE = 'vastai/base-image:@vastai-automatic-tag';
/** The smallest disk `PUT /asks/{id}/` accepts, GB. */
export const VAST_MIN_DISK_GB = 8;
/** Our Jupyter port: asking for it selects Vast's Jupyter runtype (Vast serves Jupyter on its own port 8080). */
const JUPYTER_PORT = 8888;
const SSH_PORT = 22;

const auth = (ctx: ProviderContext) => ({ authorization: `Bearer ${ctx.credential ?? ''}` });

/**
 * The `PUT /asks/{id}/` body. `label` = `gpb-<podId>` (what `find` matches). `runtype`: `jupyter_direct`
 * when the spec asks for port 8888 (Vast provisions SSH 22 and its Jupyter 8080 on the instance), else
 * `ssh_direct` (port 22). Every other requested port is opened as `"-p N:N": "1"` in `env` (Vast's
 * documented port syntax). `disk` = the offer's storage, at least 8 GB. `price` = the bid, spot only.
 */
export function vastCreateBody(spec: InstanceSpec, bid: number | null): Record<string, unknown> {
  const extraPorts = spec.ports.filter((p) => p !== SSH_PORT && p !== JUPYTER_PORT);
  const body: Record<string, unknown> = {
    image: spec.image.trim() || VAST_DEFAULT_IMAGE,
    label: spec.name,
    disk: Math.max(VAST_MIN_DISK_GB, spec.storageGb),
    runtype: spec.ports.includes(JUPYTER_PORT) ? 'jupyter_direct' : 'ssh_direct',
  };
  if (extraPorts.length > 0) body.env = Object.fromEntries(extraPorts.map((p) => [`-p ${p}:${p}`, '1']));
  if (bid !== null) body.price = bid;
  return body;
}

/**
 * The bid for an interruptible rental: the ask's current `min_bid` (USD/h for the whole offer, the
 * figure the catalog's spot price is built on), read by searching the bundles for that one ask id
 * (rentable and not rented on-demand, like the catalog search). No such ask, or no bid accepted
 * (`min_bid` missing or 0) → `ProviderCapacityError`. Bidding the minimum keeps the price the catalog
 * quoted; a higher bid from someone else can pause the instance later (the nature of interruptible).
 */
async function currentMinBid(ctx: ProviderContext, askId: number): Promise<number> {
  const answer = await ctx.http.request('POST', '/bundles/', {
    headers: auth(ctx),
    body: { id: { eq: askId }, rentable: { eq: true }, rented: { eq: false }, type: 'on-demand', limit: 1 },
  });
  const parsed = bidBundlesSchema.parse(answer).offers;
  const offer = (Array.isArray(parsed) ? parsed : [parsed]).find((o) => o.id === askId);
  const minBid = offer?.min_bid ?? 0;
  if (!(minBid > 0)) throw new ProviderCapacityError('vast', `Vast offer ${askId} takes no bid now`);
  return minBid;
}

/** The ask is gone: `404 no_such_ask` (not available) or `410 no_such_ask` (no longer available). */
const isCapacityStatus = (err: unknown) =>
  err instanceof ProviderHttpError && (err.status === 404 || err.status === 410);

const rethrowUnlessNotFound = (err: unknown) => {
  if (!(err instanceof ProviderHttpError && err.status === 404)) throw err;
};

/**
 * Vast.ai instance lifecycle (API v0, `Authorization: Bearer <API key>`):
 * - create: `PUT /asks/{ask id}/` (rent the offer; answers `new_contract` = the instance id), then, with
 *   an SSH key, `POST /instances/{id}/ssh/ {ssh_key}` (Vast attaches keys per instance; the account's
 *   own keys are attached too). Spot offers (`<ask id>:spot`) first look up the ask's `min_bid` and rent
 *   with it as `price`. `404`/`410` from the rent (`no_such_ask`: rented by someone else or withdrawn)
 *   → `ProviderCapacityError`. If attaching the key fails the error propagates; the rented instance
 *   carries its label, so `find` sees it.
 * - find: `GET /instances/`, the instance labelled `gpb-<podId>` whose contract is not `unloaded`.
 * - get: `GET /instances/{id}/` (`instances: null` or 404 → null).
 * - start/stop: `PUT /instances/{id}/ {state: running|stopped}`; terminate: `DELETE /instances/{id}/`
 *   (404 `no_such_instance` = already gone = success).
 */
export const vastProvisioning: ProvisioningAdapter = {
  async find(ctx, podId) {
    const answer = await ctx.http.request('GET', '/instances/', { headers: auth(ctx) });
    const name = instanceNameOf(podId);
    const found = instanceListSchema
      .parse(answer)
      .instances.find((i) => i.label === name && i.cur_state !== 'unloaded' && i.id != null);
    return found ? toProviderInstance(String(found.id), found) : null;
  },

  async create(ctx, spec): Promise<ProviderInstance> {
    const { askId, spot } = parseVastOfferId(spec.providerOfferId);
    const bid = spot ? await currentMinBid(ctx, askId) : null;
    let answer: unknown;
    try {
      answer = await ctx.http.request('PUT', `/asks/${askId}/`, {
        headers: auth(ctx),
        body: vastCreateBody(spec, bid),
      });
    } catch (err) {
      if (isCapacityStatus(err)) {
        throw new ProviderCapacityError('vast', `Vast offer ${askId} is no longer available (no_such_ask)`);
      }
      throw err;
    }
    const created = createAnswerSchema.parse(answer);
    if (!created.success || created.new_contract == null) {
      const why = `${created.error ?? 'unknown error'}${created.msg ? `: ${created.msg}` : ''}`;
      if (created.error === 'no_such_ask')
        throw new ProviderCapacityError('vast', `Vast offer ${askId}: ${why}`);
      throw new Error(`vast: renting offer ${askId} failed: ${why}`);
    }
    const instanceId = String(created.new_contract);
    if (spec.sshPublicKey) {
      await ctx.http.request('POST', `/instances/${instanceId}/ssh/`, {
        headers: auth(ctx),
        body: { ssh_key: spec.sshPublicKey },
      });
    }
    // The rent answer carries no status word: the contract exists and its container is being provisioned.
    return { instanceId, state: 'creating', ssh: null, jupyter: null, providerStatus: 'created' };
  },

  async get(ctx, instanceId) {
    let answer: unknown;
    try {
      answer = await ctx.http.request('GET', `/instances/${instanceId}/`, { headers: auth(ctx) });
    } catch (err) {
      rethrowUnlessNotFound(err);
      return null;
    }
    const instance = instanceOneSchema.parse(answer).instances;
    return instance ? toProviderInstance(instanceId, instance) : null;
  },

  async start(ctx, instanceId) {
    await ctx.http.request('PUT', `/instances/${instanceId}/`, {
      headers: auth(ctx),
      body: { state: 'running' },
    });
  },

  async stop(ctx, instanceId) {
    await ctx.http.request('PUT', `/instances/${instanceId}/`, {
      headers: auth(ctx),
      body: { state: 'stopped' },
    });
  },

  async terminate(ctx, instanceId) {
    try {
      await ctx.http.request('DELETE', `/instances/${instanceId}/`, { headers: auth(ctx) });
    } catch (err) {
      rethrowUnlessNotFound(err);
    }
  },
};
