import { randomBytes } from 'node:crypto';
import { type ProviderContext, ProviderHttpError } from '../../catalog.types.js';
import {
  instanceNameOf,
  ProviderCapacityError,
  type ProviderInstance,
  type ProvisioningAdapter,
} from '../../provisioning.types.js';
import {
  isRunpodCapacityBody,
  runpodCreateBody,
  runpodPodListSchema,
  runpodPodSchema,
  toRunpodInstance,
} from './runpod.provisioning.parse.js';

const auth = (ctx: ProviderContext) => ({ authorization: `Bearer ${ctx.credential ?? ''}` });

const podPath = (id: string) => `/v2/pods/${encodeURIComponent(id)}`;

const isStatus = (err: unknown, status: number): err is ProviderHttpError =>
  err instanceof ProviderHttpError && err.status === status;

async function getPod(ctx: ProviderContext, instanceId: string): Promise<ProviderInstance | null> {
  try {
    const body = await ctx.http.request('GET', podPath(instanceId), { headers: auth(ctx) });
    return toRunpodInstance(runpodPodSchema.parse(body));
  } catch (err) {
    if (isStatus(err, 404)) return null;
    throw err;
  }
}

/**
 * `POST /v2/pods/{id}/action` with `{action}`. RunPod answers 409 when the action is not valid for the
 * pod's status (e.g. `stop` on an EXITED pod): the pod is then read back, and the call succeeds when
 * it already is where the action leads (`done`), so a repeated call is safe.
 */
async function podAction(
  ctx: ProviderContext,
  instanceId: string,
  action: 'start' | 'stop',
  done: (state: ProviderInstance['state']) => boolean,
): Promise<void> {
  try {
    const body = await ctx.http.request('POST', `${podPath(instanceId)}/action`, {
      headers: auth(ctx),
      body: { action },
    });
    runpodPodSchema.parse(body);
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
    const now = await getPod(ctx, instanceId);
    if (!now || !done(now.state)) throw err;
  }
}

/**
 * RunPod pod lifecycle over REST API v2 (`https://api.runpod.io/v2/...`, `Authorization: Bearer`),
 * the same host and key as the catalog adapter. https://docs.runpod.io/api-reference-v2/pods
 *
 * - `create`: `POST /v2/pods` (201 → Pod, status PROVISIONING), see `runpodCreateBody`: offer id →
 *   `gpu.id` / `dataCenterIds` / `cloud`, name `gpb-<podId>`, inline `PUBLIC_KEY`, ports `22/tcp` and
 *   `8888/http`, a random `JUPYTER_PASSWORD` (kept in the pod's env, read back by `get`). Spot offers
 *   throw (no interruptible create in v2). No capacity: RunPod documents that a GPU / data centre
 *   that "could not be placed" answers 400 with only a human-readable `detail` (no machine-readable
 *   code), e.g. "There are no longer any instances available with the requested specifications";
 *   a 400 whose `detail` says so (`isRunpodCapacityBody`) → `ProviderCapacityError`. Any other 400
 *   (a request RunPod refuses: a bug on our side must not look like "no capacity"), 402 (balance),
 *   403, 422 and 5xx stay `ProviderHttpError`.
 * - `find`: `GET /v2/pods`, the pod named `gpb-<podId>` that is not TERMINATED.
 * - `get`: `GET /v2/pods/{id}`, 404 → null. PROVISIONING/STARTING → creating, RUNNING → running,
 *   EXITED → stopped, TERMINATED → terminated, ERROR → failed.
 * - `start` / `stop`: `POST /v2/pods/{id}/action` `{action: 'start'|'stop'}` (stop keeps the disk).
 * - `terminate`: `DELETE /v2/pods/{id}` (204), 404 = already gone = success.
 */
export const runpodProvisioning: ProvisioningAdapter = {
  async find(ctx, podId) {
    const body = await ctx.http.request('GET', '/v2/pods', { headers: auth(ctx) });
    const name = instanceNameOf(podId);
    const pod = runpodPodListSchema
      .parse(body)
      .pods.find((p) => p.name === name && p.status.toUpperCase() !== 'TERMINATED');
    return pod ? toRunpodInstance(pod) : null;
  },

  async create(ctx, spec) {
    const jupyterPassword = randomBytes(16).toString('hex');
    const request = runpodCreateBody(spec, jupyterPassword);
    try {
      const body = await ctx.http.request('POST', '/v2/pods', { headers: auth(ctx), body: request });
      return toRunpodInstance(runpodPodSchema.parse(body));
    } catch (err) {
      if (isStatus(err, 400) && isRunpodCapacityBody(err.body)) {
        throw new ProviderCapacityError(
          'runpod',
          `RunPod could not place ${spec.providerOfferId} (POST /v2/pods answered 400)`,
        );
      }
      throw err;
    }
  },

  get: getPod,

  start: (ctx, instanceId) => podAction(ctx, instanceId, 'start', (s) => s === 'running' || s === 'creating'),

  stop: (ctx, instanceId) => podAction(ctx, instanceId, 'stop', (s) => s === 'stopped'),

  async terminate(ctx, instanceId) {
    try {
      await ctx.http.request('DELETE', podPath(instanceId), { headers: auth(ctx) });
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  },
};
