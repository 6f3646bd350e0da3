import type { CatalogOffer } from '../catalog/index.js';
import { parseSshPublicKey } from './ssh-key.js';

/** What a user sends for a draft (POST /pods/drafts, PUT /pods/drafts/{id}); schema-valid already. */
export interface DraftInput {
  name: string;
  offer_id: string;
  vcpus?: number | undefined;
  ram_gb?: number | undefined;
  storage_gb?: number | undefined;
  image?: string | undefined;
  ports?: number[] | undefined;
  ssh_public_key?: string | null | undefined;
  max_price_per_hour?: number | null | undefined;
}

/** Platform-wide bounds (parameters); each offer narrows vCPUs and RAM to what it has. */
export interface DraftLimits {
  minStorageGb: number;
  maxStorageGb: number;
  defaultStorageGb: number;
  defaultImage: string;
  defaultPorts: number[];
  maxPorts: number;
}

export interface CheckedDraft {
  name: string;
  offerId: string;
  vcpus: number | null;
  ramGb: number | null;
  storageGb: number;
  image: string;
  ports: number[];
  sshPublicKey: string | null;
  sshKeyFingerprint: string | null;
  maxPricePerHourMicros: number | null;
}

export type FieldError = { path: string; message: string };

/**
 * Checks a draft against its offer and the platform limits; every problem is reported with its
 * field (`/body/<field>`), so a form can show them all at once. vCPUs and RAM may be asked up to
 * what the offer has (providers that size pods per request, like RunPod and Vast, give that much;
 * fixed instance types ignore a smaller ask); the SSH key is parsed, not just matched.
 */
export function checkDraft(
  input: DraftInput,
  offer: CatalogOffer | undefined,
  limits: DraftLimits,
): { ok: true; draft: CheckedDraft } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ path: `/body/${field}`, message });
  if (!offer) fail('offer_id', 'no such offer');
  const within = (field: string, value: number | undefined, max: number | undefined, unit: string) => {
    if (value === undefined) return;
    if (max !== undefined && max > 0 && value > max)
      fail(field, `must be at most ${max} ${unit} (what offer ${offer?.id} has)`);
  };
  within('vcpus', input.vcpus, offer?.vcpus, 'vCPUs');
  within('ram_gb', input.ram_gb, offer?.ramGb, 'GB');
  const storageGb = input.storage_gb ?? limits.defaultStorageGb;
  if (storageGb < limits.minStorageGb || storageGb > limits.maxStorageGb)
    fail('storage_gb', `must be between ${limits.minStorageGb} and ${limits.maxStorageGb} GB`);
  const ports = input.ports ?? limits.defaultPorts;
  if (new Set(ports).size !== ports.length) fail('ports', 'must not repeat a port');
  if (ports.length > limits.maxPorts) fail('ports', `must list at most ${limits.maxPorts} ports`);
  let sshPublicKey: string | null = null;
  let sshKeyFingerprint: string | null = null;
  if (input.ssh_public_key) {
    const parsed = parseSshPublicKey(input.ssh_public_key);
    if (parsed.ok) {
      sshPublicKey = parsed.key.normalized;
      sshKeyFingerprint = parsed.key.fingerprint;
    } else fail('ssh_public_key', parsed.reason);
  }
  const ceiling = input.max_price_per_hour ?? null;
  const ceilingMicros = ceiling === null ? null : Math.round(ceiling * 1e6);
  if (offer && ceilingMicros !== null && ceilingMicros < offer.priceMicros)
    fail(
      'max_price_per_hour',
      `must be at least the offer's price (${offer.priceMicros / 1e6} USD per hour)`,
    );
  if (errors.length > 0 || !offer) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      name: input.name.trim(),
      offerId: offer.id,
      vcpus: input.vcpus ?? null,
      ramGb: input.ram_gb ?? null,
      storageGb,
      image: input.image ?? limits.defaultImage,
      ports,
      sshPublicKey,
      sshKeyFingerprint,
      maxPricePerHourMicros: ceilingMicros,
    },
  };
}
