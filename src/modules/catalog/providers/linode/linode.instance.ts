import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { InstanceState, ProviderInstance } from '../../provisioning.types.js';

/**
 * Parsing and mapping for Linode instances (API v4 `Linode` object), shared by the provisioning
 * adapter and its tests. Reference: https://techdocs.akamai.com/linode-api/reference/get-linode-instance
 */

const instanceSchema = z.object({
  id: z.number(),
  label: z.string(),
  status: z.string(),
  type: z.string().nullable(),
  region: z.string(),
  ipv4: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
});

export type LinodeInstance = z.infer<typeof instanceSchema>;

export const parseLinodeInstance = (body: unknown): LinodeInstance => instanceSchema.parse(body);

/** `GET /linode/instances` page (`{data, page, pages, results}`) → its instances. */
export const parseLinodeInstancePage = (body: unknown): LinodeInstance[] =>
  z.object({ data: z.array(instanceSchema) }).parse(body).data;

const availabilitySchema = z.object({ region: z.string(), plan: z.string(), available: z.boolean() });

/**
 * `GET /regions/{regionId}/availability` body: an array of `{region, plan, available}` (only plans
 * with limited stock — premium and GPU — are listed). A `{data: [...]}` page is accepted as well.
 */
export function parseLinodeAvailability(body: unknown): Array<z.infer<typeof availabilitySchema>> {
  const items = z.union([z.array(z.unknown()), z.object({ data: z.array(z.unknown()) })]).parse(body);
  return (Array.isArray(items) ? items : items.data).map((i) => availabilitySchema.parse(i));
}

const errorBodySchema = z.object({
  errors: z.array(z.object({ reason: z.string(), field: z.string().nullish() })),
});

/**
 * Reasons Linode gives when a plan has no stock in a region. The API's wording (quoted by Linode's
 * Cloud Manager, linode/manager#6461) is "There is no availability for the selected plan in the
 * selected region"; the other two cover the plan/type being "not available"/"unavailable" in a region
 * or "sold out". Each needs the plan/type (or "availability for … plan") in the sentence, so generic
 * 400s (bad password, unknown image, "Linode busy", account limits) never match.
 */
const CAPACITY_REASONS = [
  /\bno availability for the (selected )?(plan|type)\b/i,
  /\b(plan|type)\b.*\b(is not available|is unavailable|not available|unavailable)\b.*\bregion\b/i,
  /\b(plan|type)\b.*\bsold out\b/i,
];

/**
 * The `errors[].reason` of a Linode error body (`{ errors: [{ reason, field? }] }`, kept in
 * `ProviderHttpError.body`) that says the plan is out of stock in the region, or null (no such reason,
 * no body, not Linode's error envelope). Reasons tied to a field other than `type`/`region` are skipped.
 */
export function linodeCapacityReasonOf(text: string | null): string | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return null;
  const hit = parsed.data.errors.find(
    (e) =>
      (!e.field || e.field === 'type' || e.field === 'region') &&
      CAPACITY_REASONS.some((re) => re.test(e.reason)),
  );
  return hit?.reason ?? null;
}

/**
 * Linode status words → ours. Transitional words on the way up (`provisioning`, `booting`,
 * `rebooting`, `rebuilding`, `cloning`, `restoring`, `migrating`, `resizing`) are `creating`;
 * powered-off ones (`offline`, `stopped`, `shutting_down`, `billing_suspension`) are `stopped`;
 * `deleting` is `terminated`. Linode has no error status, so nothing maps to `failed`; a word not
 * listed here is treated as `creating` (not usable yet) and kept raw in `providerStatus`.
 */
const STATE_OF: Record<string, InstanceState> = {
  running: 'running',
  provisioning: 'creating',
  booting: 'creating',
  rebooting: 'creating',
  rebuilding: 'creating',
  cloning: 'creating',
  restoring: 'creating',
  migrating: 'creating',
  resizing: 'creating',
  offline: 'stopped',
  stopped: 'stopped',
  shutting_down: 'stopped',
  billing_suspension: 'stopped',
  deleting: 'terminated',
};

export const linodeStateOf = (status: string): InstanceState => STATE_OF[status] ?? 'creating';

/** Linode private IPv4 addresses are in 192.168.128.0/17; SSH goes to the first public one. */
const isPrivateIpv4 = (ip: string): boolean => ip.startsWith('192.168.');

/** Linode images log in as `root` (the account `authorized_keys` are deployed to). */
export const LINODE_SSH_USER = 'root';

/**
 * Our view of a Linode: `ssh` on the first public IPv4 (Linode assigns it at creation, so it is
 * known while still provisioning), port 22, user `root`; Linode gives no Jupyter endpoint.
 */
export function toProviderInstance(linode: LinodeInstance): ProviderInstance {
  const host = linode.ipv4.find((ip) => !isPrivateIpv4(ip)) ?? null;
  return {
    instanceId: String(linode.id),
    state: linodeStateOf(linode.status),
    ssh: host ? { host, port: 22, user: LINODE_SSH_USER } : null,
    jupyter: null,
    providerStatus: linode.status,
  };
}

/**
 * A label Linode accepts: 3–64 chars of ASCII letters, digits, `-`, `_`, `.`, starting with a
 * letter, ending with a letter or digit, no `--`, `__` or `..`. `gpb-pod_<ULID>` already complies
 * and is returned unchanged; anything else has other characters turned into `-`, runs collapsed,
 * ends trimmed and is cut to 64 (create and find both go through this, so they agree).
 */
export function linodeLabelOf(name: string): string {
  const label = name
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/([._-])\1+/g, '$1')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, 64)
    .replace(/[^A-Za-z0-9]+$/, '');
  return label.length < 3 ? `gpb${label}` : label;
}

/** Image used when the spec's image is not a Linode image id. */
export const LINODE_DEFAULT_IMAGE = 'linode/ubuntu22.04';

/**
 * `linode/<distro>` (public) and `private/<id>` (the account's own) images are passed as given;
 * anything else (a container image, a generic name) gets `linode/ubuntu22.04`: Linode deploys
 * disk images, not containers.
 */
export const linodeImageOf = (image: string): string =>
  /^(linode|private)\/[A-Za-z0-9._-]+$/.test(image) ? image : LINODE_DEFAULT_IMAGE;

/**
 * Linode requires a root password when deploying an image. We generate 32 random bytes
 * (base64url, 43 chars) per create and never store or log it: access is by the SSH key.
 */
export const generateRootPass = (): string => randomBytes(32).toString('base64url');

/** `g1-gpu-rtx6000-1:us-ord` (the catalog adapter's offer id, `<type id>:<region id>`) → parts. */
export function parseLinodeOfferId(offerId: string): { type: string; region: string } {
  const at = offerId.lastIndexOf(':');
  const type = offerId.slice(0, at);
  const region = offerId.slice(at + 1);
  if (at <= 0 || region === '') throw new Error(`not a Linode offer id (<type>:<region>): ${offerId}`);
  return { type, region };
}
