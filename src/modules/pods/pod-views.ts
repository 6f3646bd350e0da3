import type { DraftRow, HistoryRow, PodRow } from './pods.repo.js';

const usd = (micros: number) => Math.round(micros / 100) / 10_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A draft as the API shows it. */
export function draftView(d: DraftRow) {
  return {
    id: d.id,
    name: d.name,
    offer_id: d.offerId,
    vcpus: d.vcpus,
    ram_gb: d.ramGb,
    storage_gb: d.storageGb,
    image: d.image,
    ports: d.ports,
    ssh_public_key: d.sshPublicKey,
    ssh_key_fingerprint: d.sshKeyFingerprint,
    max_price_per_hour: d.maxPricePerHourMicros === null ? null : usd(d.maxPricePerHourMicros),
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

/**
 * A pod as the API shows it (API.md § Pods). `price_per_hour` is what the owner pays per hour:
 * the provider price with the plan markup, plus storage. Connection details are shown only while
 * the pod runs (they are the owner's: the routes never show another user's pod).
 */
export function podView(p: PodRow, history: HistoryRow[]) {
  const markup = Math.round((p.pricePerHourMicros * p.markupPercent) / 100);
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    status_detail: p.statusDetail,
    mode: p.mode,
    offer: {
      id: p.offerId,
      provider: p.provider,
      provider_offer_id: p.providerOfferId,
      gpu_model: p.gpuModel,
      gpu_count: p.gpuCount,
      region: p.region,
      price_per_hour: usd(p.pricePerHourMicros),
    },
    provider: p.provider,
    gpu_model: p.gpuModel,
    gpu_count: p.gpuCount,
    region: p.region,
    price_per_hour: usd(p.pricePerHourMicros + markup + p.storagePerHourMicros),
    max_price_per_hour: usd(p.maxPricePerHourMicros),
    storage_gb: p.storageGb,
    image: p.image,
    ports: p.ports,
    attempts: p.attempts,
    created_at: p.createdAt.toISOString(),
    ready_at: iso(p.readyAt),
    activated_at: iso(p.activatedAt),
    terminated_at: iso(p.terminatedAt),
    status_history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), detail: h.detail })),
    connection: p.status === 'running' && p.connection ? p.connection : null,
  };
}

export type PodView = ReturnType<typeof podView>;
