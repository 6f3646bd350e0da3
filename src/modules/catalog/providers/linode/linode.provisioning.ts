import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import {
  instanceNameOf,
  ProviderCapacityError,
  type ProviderInstance,
  type ProvisioningAdapter,
} from '../../provisioning.types.js';
import {
  generateRootPass,
  linodeCapacityReasonOf,
  linodeImageOf,
  linodeLabelOf,
  parseLinodeAvailability,
  parseLinodeInstance,
  parseLinodeInstancePage,
  parseLinodeOfferId,
  toProviderInstance,
} from './linode.instance.js';

/**
 * Linode (Akamai Cloud) instance lifecycle, API v4
 * (https://techdocs.akamai.com/linode-api/reference/post-linode-instance and neighbours).
 *
 * - create: `POST /linode/instances` with `label` (the pod's `gpb-<podId>`, see `linodeLabelOf`),
 *   `type` + `region` parsed from the offer id, `image` (`linodeImageOf`), `authorized_keys` (the
 *   pod's public key inline, deployed for `root`), a fresh random `root_pass` (required by Linode;
 *   never stored or logged), `tags: ['gpubroker', podId]`, `booted: true`. Linode has no per-instance
 *   port setting (all ports are reachable unless a Cloud Firewall is attached), so `ports` is not
 *   sent; the disk size is the plan's, so `storageGb` is not sent either.
 * - no capacity: Linode refuses the create with a 4xx whose `errors[].reason` says the plan is not
 *   available in the region ("There is no availability for the selected plan in the selected
 *   region"). On a 400/403 the adapter first reads that reason from the error's `body`
 *   (`linodeCapacityReasonOf`) → `ProviderCapacityError`. When the body says nothing it recognizes,
 *   it falls back to the machine-readable source, `GET /regions/{region}/availability`: when that
 *   lists the plan with `available: false` the create becomes `ProviderCapacityError`, otherwise the
 *   original `ProviderHttpError` is rethrown (also when that look-up itself fails).
 * - find: `GET /linode/instances` with `X-Filter: {"label": …}` (labels are unique per account), the
 *   exact label matched again locally; `deleting` instances are ignored.
 * - start/stop: `POST /linode/instances/{id}/boot` and `/shutdown`, skipped when the instance
 *   already is up (or coming up) / powered off, so repeats succeed.
 * - terminate: `DELETE /linode/instances/{id}`; a 404 means already gone.
 */

const auth = (ctx: ProviderContext) => ({ authorization: `Bearer ${ctx.credential ?? ''}` });

const instancePath = (instanceId: string) => `/linode/instances/${encodeURIComponent(instanceId)}`;

const isStatus = (err: unknown, ...statuses: number[]): err is ProviderHttpError =>
  err instanceof ProviderHttpError && err.status !== null && statuses.includes(err.status);

/** Whether the region's availability list says `plan` is sold out there (false when not listed). */
async function soldOut(ctx: ProviderContext, region: string, plan: string): Promise<boolean> {
  const body = await ctx.http.request('GET', `/regions/${encodeURIComponent(region)}/availability`, {
    headers: auth(ctx),
  });
  return parseLinodeAvailability(body).some((a) => a.plan === plan && a.region === region && !a.available);
}

async function get(ctx: ProviderContext, instanceId: string): Promise<ProviderInstance | null> {
  try {
    const body = await ctx.http.request('GET', instancePath(instanceId), { headers: auth(ctx) });
    return toProviderInstance(parseLinodeInstance(body));
  } catch (err) {
    if (isStatus(err, 404)) return null;
    throw err;
  }
}

export const linodeProvisioning: ProvisioningAdapter = {
  async find(ctx, podId) {
    const label = linodeLabelOf(instanceNameOf(podId));
    const body = await ctx.http.request('GET', '/linode/instances', {
      query: { page: 1, page_size: 500 },
      headers: { ...auth(ctx), 'x-filter': JSON.stringify({ label }) },
    });
    const match = parseLinodeInstancePage(body).find((l) => l.label === label && l.status !== 'deleting');
    return match ? toProviderInstance(match) : null;
  },

  async create(ctx, spec) {
    const { type, region } = parseLinodeOfferId(spec.providerOfferId);
    const request = {
      label: linodeLabelOf(spec.name),
      type,
      region,
      image: linodeImageOf(spec.image),
      root_pass: generateRootPass(),
      ...(spec.sshPublicKey ? { authorized_keys: [spec.sshPublicKey] } : {}),
      tags: ['gpubroker', spec.podId],
      booted: true,
    };
    let body: unknown;
    try {
      body = await ctx.http.request('POST', '/linode/instances', { headers: auth(ctx), body: request });
    } catch (err) {
      if (!isStatus(err, 400, 403)) throw err;
      // The reason is only matched, never put in the message (error bodies are not shown as is).
      const noCapacity =
        linodeCapacityReasonOf(err.body) !== null || (await soldOut(ctx, region, type).catch(() => false));
      if (noCapacity) {
        throw new ProviderCapacityError('linode', `Linode plan ${type} is not available in ${region} now`);
      }
      throw err;
    }
    return toProviderInstance(parseLinodeInstance(body));
  },

  get,

  async start(ctx, instanceId) {
    const now = await get(ctx, instanceId);
    if (now && (now.state === 'running' || now.state === 'creating')) return;
    await ctx.http.request('POST', `${instancePath(instanceId)}/boot`, { headers: auth(ctx), body: {} });
  },

  async stop(ctx, instanceId) {
    const now = await get(ctx, instanceId);
    if (now && (now.state === 'stopped' || now.state === 'terminated')) return;
    await ctx.http.request('POST', `${instancePath(instanceId)}/shutdown`, { headers: auth(ctx), body: {} });
  },

  async terminate(ctx, instanceId) {
    try {
      await ctx.http.request('DELETE', instancePath(instanceId), { headers: auth(ctx) });
    } catch (err) {
      if (isStatus(err, 404)) return;
      throw err;
    }
  },
};
