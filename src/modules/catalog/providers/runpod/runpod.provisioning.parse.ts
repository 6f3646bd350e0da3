import { z } from 'zod';
import type { InstanceSpec, InstanceState, ProviderInstance } from '../../provisioning.types.js';

/** One `PodSshEndpoint` of the REST v2 `Pod.ssh` block. */
const sshEndpointSchema = z.object({ host: z.string(), port: z.number(), username: z.string() });

/** The REST v2 `Pod` object (the fields the lifecycle reads; the rest is ignored). */
export const runpodPodSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  ports: z.array(z.string()).nullish(),
  env: z.record(z.string(), z.string()).nullish(),
  ssh: z.object({ proxy: sshEndpointSchema.nullish(), direct: sshEndpointSchema.nullish() }).nullish(),
});
export type RunpodPod = z.infer<typeof runpodPodSchema>;

export const runpodPodListSchema = z.object({ pods: z.array(runpodPodSchema) });

/** Documented `PodStatus` words → our states. An undocumented word counts as still booting. */
const STATES: Record<string, InstanceState> = {
  PROVISIONING: 'creating',
  STARTING: 'creating',
  RUNNING: 'running',
  EXITED: 'stopped',
  TERMINATED: 'terminated',
  ERROR: 'failed',
};

export function runpodStateOf(status: string): InstanceState {
  return STATES[status.toUpperCase()] ?? 'creating';
}

/** The env var RunPod images read the Jupyter password from; we set it at create. */
export const JUPYTER_PASSWORD_ENV = 'JUPYTER_PASSWORD';
/** The env var RunPod images read the authorized SSH key(s) from. */
export const PUBLIC_KEY_ENV = 'PUBLIC_KEY';
export const JUPYTER_PORT = 8888;

/**
 * REST v2 `Pod` → our instance. `ssh` (only while RUNNING): `ssh.direct` (the pod's own sshd over its
 * published 22/tcp, user `root` as RunPod reports it) when RunPod gives it, else `ssh.proxy`
 * (`ssh.runpod.io:22`, user = RunPod's per-pod routing token; interactive shell only). `jupyter`
 * (only while RUNNING, with `8888/http` exposed and `env.JUPYTER_PASSWORD` set): RunPod's HTTP proxy
 * URL `https://<pod id>-8888.proxy.runpod.net` (documented format) and the password we put in the
 * pod's env at create, read back from the pod itself (so it survives a restart of the broker).
 */
export function toRunpodInstance(pod: RunpodPod): ProviderInstance {
  const state = runpodStateOf(pod.status);
  const endpoint = state === 'running' ? (pod.ssh?.direct ?? pod.ssh?.proxy ?? null) : null;
  const token = pod.env?.[JUPYTER_PASSWORD_ENV];
  const jupyterExposed = (pod.ports ?? []).includes(`${JUPYTER_PORT}/http`);
  return {
    instanceId: pod.id,
    state,
    ssh: endpoint ? { host: endpoint.host, port: endpoint.port, user: endpoint.username } : null,
    jupyter:
      state === 'running' && jupyterExposed && token
        ? { url: `https://${pod.id}-${JUPYTER_PORT}.proxy.runpod.net`, token }
        : null,
    providerStatus: pod.status,
  };
}

/** A catalog offer id parsed back: GPU type id, data centre (null = any) and cloud tier. */
export interface RunpodOfferTarget {
  gpuId: string;
  dataCenterId: string | null;
  cloud: 'SECURE' | 'COMMUNITY';
}

/**
 * `<gpu id>:<data centre>:secure|community` or `<gpu id>:secure|community` (a type listed with no
 * data centre) → create fields. Split from the end, so a GPU id holding `:` stays whole. Spot offers
 * (`<gpu id>:spot`) are refused: REST v2 create has no interruptible field (its body allows no
 * extra property) and GraphQL `podRentInterruptable` needs a bid per GPU the spec does not carry.
 */
export function parseRunpodOfferId(offerId: string): RunpodOfferTarget {
  const parts = offerId.split(':');
  const tier = parts.pop();
  if (tier === 'spot') {
    throw new Error(
      `RunPod spot offer ${offerId} cannot be provisioned: REST v2 has no interruptible create and ` +
        'GraphQL podRentInterruptable needs a bid price the pod spec does not carry',
    );
  }
  if ((tier !== 'secure' && tier !== 'community') || parts.length === 0) {
    throw new Error(`not a RunPod offer id: ${offerId}`);
  }
  const dataCenterId = parts.length >= 2 ? (parts.pop() ?? null) : null;
  return { gpuId: parts.join(':'), dataCenterId, cloud: tier === 'secure' ? 'SECURE' : 'COMMUNITY' };
}

/** The image used when the spec's is not a container reference (RunPod's documented PyTorch image). */
export const RUNPOD_DEFAULT_IMAGE = 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404';
/** Container disk (GB) when the spec asks for none. */
export const RUNPOD_DEFAULT_DISK_GB = 50;

/** A container reference (`repo/name[:tag]`) is passed as is; an OS image name gets the default. */
export function runpodImageOf(image: string): string {
  return image.includes('/') ? image : RUNPOD_DEFAULT_IMAGE;
}

/** Ports as RunPod takes them: 8888 through its HTTP proxy (`8888/http`), every other one `/tcp`. */
export function runpodPortsOf(ports: number[]): string[] {
  return ports.map((p) => (p === JUPYTER_PORT ? `${p}/http` : `${p}/tcp`));
}

/**
 * The `POST /v2/pods` body (`CreatePodRequest`). `startSsh` makes RunPod inject the account's
 * registered keys as `PUBLIC_KEY` unless the body sets one, so the spec's key (when given) is set
 * inline and wins; `startJupyter` is set when 8888 is exposed, with our own `JUPYTER_PASSWORD`.
 */
export function runpodCreateBody(spec: InstanceSpec, jupyterPassword: string | null) {
  const target = parseRunpodOfferId(spec.providerOfferId);
  const env: Record<string, string> = {};
  if (spec.sshPublicKey) env[PUBLIC_KEY_ENV] = spec.sshPublicKey;
  const jupyter = spec.ports.includes(JUPYTER_PORT) && jupyterPassword !== null;
  if (jupyter) env[JUPYTER_PASSWORD_ENV] = jupyterPassword;
  return {
    name: spec.name,
    image: runpodImageOf(spec.image),
    gpu: { id: target.gpuId, count: spec.gpuCount },
    cloud: target.cloud,
    ...(target.dataCenterId ? { dataCenterIds: [target.dataCenterId] } : {}),
    disk: spec.storageGb > 0 ? spec.storageGb : RUNPOD_DEFAULT_DISK_GB,
    ports: runpodPortsOf(spec.ports),
    env,
    startSsh: true,
    startJupyter: jupyter,
  };
}

/**
 * How RunPod words "this pod cannot be placed now". Its create docs say a GPU type / data centre that
 * cannot be placed answers 400 (no machine-readable code, only `detail`); the live wording is "There
 * are no longer any instances available with the requested specifications. Please refresh and try
 * again." (also "... with enough disk space."). The other phrases cover "could not be placed", "no
 * instances available", "not enough capacity / free GPUs" and "insufficient capacity". A validation
 * detail ("Request validation failed.", a bad image or field) matches none of them.
 */
const CAPACITY_DETAIL = [
  /no longer any instances available/i,
  /\bno (gpu )?instances (are )?available\b/i,
  /\bcould not be placed\b/i,
  /\bnot enough (free )?(capacity|gpus?|machines?)\b/i,
  /\binsufficient (gpu )?capacity\b/i,
];

const errorBodySchema = z.object({
  detail: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
});

/**
 * Whether an error body of `POST /v2/pods` (`ProviderHttpError.body`: problem+json
 * `{ title, status, detail }`, or `{ message }` / `{ error }`) says RunPod has no capacity for the pod.
 * False for no body, a body that is not JSON, or any other detail.
 */
export function isRunpodCapacityBody(text: string | null): boolean {
  if (!text) return false;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return false;
  const said = [parsed.data.detail, parsed.data.message, parsed.data.error].filter(
    (t): t is string => typeof t === 'string',
  );
  return said.some((t) => CAPACITY_DETAIL.some((re) => re.test(t)));
}
