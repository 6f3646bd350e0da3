import { readDatasetText } from '../../assets.js';
import type { ProviderOffer } from '../../catalog.types.js';
import { parseCsv } from '../../catalog-files/csv.js';
import { azureCountry } from './azure.parse.js';

/** Where the sandbox offers come from (see assets/datasets/catalog/README.md). */
export const AZURE_SEED_SOURCE =
  'assets/datasets/catalog/azure.csv (SkyPilot catalog skypilot-org/skypilot-catalog catalogs/v5/azure/vms.csv ' +
  '@c2f2f01ce2f0, 2023-12-08; built from the Azure Retail Prices API)';

/**
 * Offers from the SkyPilot Azure catalog: rows with an `AcceleratorName` (CPU-only sizes skipped),
 * one on-demand offer per row with a `Price` and one spot offer per row with a `SpotPrice` (USD/h).
 * The catalog carries no VRAM for Azure (null) and no stock signal ('available').
 */
export function parseAzureCatalogCsv(text: string): ProviderOffer[] {
  const offers: ProviderOffer[] = [];
  for (const row of parseCsv(text).rows) {
    const gpuName = row.AcceleratorName;
    if (!gpuName || !row.InstanceType || !row.Region) continue;
    const base = {
      gpuName,
      gpuCount: Number(row.AcceleratorCount),
      gpuVramGb: null,
      vcpus: Number(row.vCPUs),
      ramGb: Number(row.MemoryGiB),
      storageGb: 0,
      region: row.Region,
      country: azureCountry(row.Region),
      availability: 'available' as const,
    };
    const tiers: Array<[boolean, string | undefined]> = [
      [false, row.Price],
      [true, row.SpotPrice],
    ];
    for (const [spot, price] of tiers) {
      // A few rows carry no price or 0.0 (sizes in preview): not an offer anyone can rent.
      if (!price || !(Number(price) > 0)) continue;
      offers.push({
        ...base,
        providerOfferId: `${row.InstanceType}:${row.Region}${spot ? ':spot' : ''}`,
        spot,
        pricePerHour: Number(price),
      });
    }
  }
  return offers;
}

/** The sandbox seed: the Azure catalog CSV through `parseAzureCatalogCsv`. */
export async function azureSeedOffers(): Promise<{ source: string; offers: ProviderOffer[] }> {
  return {
    source: AZURE_SEED_SOURCE,
    offers: parseAzureCatalogCsv(await readDatasetText('catalog', 'azure.csv')),
  };
}

let acceleratorNames: Promise<Map<string, string>> | null = null;

/**
 * VM size → GPU name (`Standard_NC24ads_A100_v4` → `A100-80GB`) from the SkyPilot Azure catalog:
 * ARM's SKU list names the size but not its GPU. Sizes newer than the catalog keep their size name
 * (the resolver knows some size patterns; the rest are listed as unmapped, never dropped).
 */
export function azureAcceleratorNames(): Promise<Map<string, string>> {
  acceleratorNames ??= readDatasetText('catalog', 'azure.csv').then((text) => {
    const map = new Map<string, string>();
    for (const row of parseCsv(text).rows)
      if (row.InstanceType && row.AcceleratorName) map.set(row.InstanceType, row.AcceleratorName);
    return map;
  });
  return acceleratorNames;
}
