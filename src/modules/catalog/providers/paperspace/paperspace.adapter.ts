import { z } from 'zod';
import type { ProviderAdapter, ProviderOffer } from '../../catalog.types.js';
import { paperspaceProvisioning } from './paperspace.provisioning.js';
import { paperspaceCountryOf } from './paperspace.regions.js';
import { paperspaceSeedOffers } from './paperspace.seed.js';

const usageRateSchema = z.object({
  type: z.string(),
  isPreemptible: z.boolean().nullish(),
  usageRate: z.object({ rateHourly: z.string(), isEmployeeOnly: z.boolean().nullish() }),
});

const entrySchema = z.object({
  isAvailable: z.boolean().nullish(),
  isPreemptible: z.boolean().nullish(),
  vmType: z.object({
    label: z.string(),
    cpus: z.number(),
    /** Bytes, as a decimal string. */
    ram: z.string(),
    gpuCount: z.number(),
    deploymentType: z.string().nullish(),
    isPreemptible: z.boolean().nullish(),
    gpuModel: z.object({ label: z.string(), memInMb: z.number() }).nullish(),
    defaultUsageRates: z.array(usageRateSchema).default([]),
  }),
  clusters: z.array(z.object({ id: z.string(), region: z.string() })).default([]),
});
type Entry = z.infer<typeof entrySchema>;

/** Body: machine types keyed by cluster id. */
const byClusterSchema = z.record(z.string(), z.array(entrySchema));

const BYTES_PER_GB = 1024 ** 3;

/** The hourly rate a customer pays; employee-only rates (the staff price, often 0) are not offers. */
function customerHourlyRate(entry: Entry): number | null {
  const rate = entry.vmType.defaultUsageRates.find((r) => r.type === 'hourly' && !r.usageRate.isEmployeeOnly);
  const value = rate ? Number(rate.usageRate.rateHourly) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : null;
}

function hasGpu(entry: Entry): boolean {
  const model = entry.vmType.gpuModel;
  // CPU types still report gpuCount 1 with a "None" GPU model of 0 MB.
  return entry.vmType.gpuCount > 0 && !!model && model.memInMb > 0 && entry.vmType.deploymentType !== 'cpu';
}

/**
 * `GET /vmTypes/getVmTypesByClusters` body → offers: one per GPU machine type × cluster region
 * (`<label>:<region>`, first one kept when several clusters share a region). Price: the first hourly
 * default usage rate that is not employee-only (`rateHourly`, a USD string); types without one are
 * skipped. RAM bytes → GB (/2^30); VRAM `gpuModel.memInMb` → GB; no disk is included (0).
 * Availability: `isAvailable` → available, else unavailable; spot = the type or entry is preemptible.
 * CPU types (no GPU model, `deploymentType` cpu) are skipped.
 */
export function parsePaperspaceVmTypes(body: unknown): ProviderOffer[] {
  const offers = new Map<string, ProviderOffer>();
  for (const entry of Object.values(byClusterSchema.parse(body)).flat()) {
    const pricePerHour = customerHourlyRate(entry);
    if (!hasGpu(entry) || pricePerHour === null) continue;
    const { vmType } = entry;
    for (const cluster of entry.clusters) {
      const providerOfferId = `${vmType.label}:${cluster.region}`;
      if (offers.has(providerOfferId)) continue;
      offers.set(providerOfferId, {
        providerOfferId,
        gpuName: vmType.gpuModel?.label ?? '',
        gpuCount: vmType.gpuCount,
        gpuVramGb: (vmType.gpuModel?.memInMb ?? 0) / 1024,
        vcpus: vmType.cpus,
        ramGb: Number(vmType.ram) / BYTES_PER_GB,
        storageGb: 0,
        region: cluster.region,
        country: paperspaceCountryOf(cluster.region),
        spot: entry.isPreemptible === true || vmType.isPreemptible === true,
        availability: entry.isAvailable === false ? 'unavailable' : 'available',
        pricePerHour,
      });
    }
  }
  return [...offers.values()];
}

/**
 * Paperspace legacy API (`api.paperspace.io`). Auth: `X-Api-Key: <API key>`. One request lists the
 * machine types of every cluster the key can use, with rates. Per-region capacity
 * (`/machines/getAvailability`, one call per type × region) is not queried: `isAvailable` is used.
 * Pods: `paperspaceProvisioning` (legacy machines API, see paperspace.provisioning.ts).
 */
export const paperspaceAdapter: ProviderAdapter = {
  id: 'paperspace',
  name: 'Paperspace',
  kind: 'live',
  defaultBaseUrl: 'https://api.paperspace.io',
  docsUrl: 'https://docs.digitalocean.com/reference/paperspace/legacy/',
  supportsProvisioning: true,
  provisioning: paperspaceProvisioning,
  credential: 'required',
  async listOffers(ctx) {
    const body = await ctx.http.request('GET', '/vmTypes/getVmTypesByClusters', {
      headers: { 'x-api-key': ctx.credential ?? '' },
    });
    return parsePaperspaceVmTypes(body);
  },
  seedOffers: paperspaceSeedOffers,
};
