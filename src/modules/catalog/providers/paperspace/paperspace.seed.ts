import { readDatasetText } from '../../assets.js';
import type { ProviderOffer } from '../../catalog.types.js';
import { parseCsv } from '../../catalog-files/csv.js';
import { paperspaceCountryOf } from './paperspace.regions.js';

export const PAPERSPACE_SEED_FILE = 'paperspace.csv';

/**
 * The SkyPilot Paperspace catalog (`assets/datasets/catalog/paperspace.csv`) → offers, for the
 * SANDBOX twin: one on-demand offer per GPU row (`<InstanceType>:<Region>`), `Price` USD/h for the
 * whole machine, `MemoryGiB` as RAM. The catalog gives no VRAM or disk (null / 0). Rows without an
 * accelerator (CPU machines) are skipped. Read by header name; throws on a row with a bad number.
 */
export function parsePaperspaceCatalogCsv(text: string): ProviderOffer[] {
  return parseCsv(text)
    .rows.filter((row) => (row.AcceleratorName ?? '') !== '')
    .map((row) => {
      const region = row.Region ?? '';
      return {
        providerOfferId: `${row.InstanceType}:${region}`,
        gpuName: row.AcceleratorName ?? '',
        gpuCount: numberOf(row, 'AcceleratorCount'),
        gpuVramGb: null,
        vcpus: numberOf(row, 'vCPUs'),
        ramGb: numberOf(row, 'MemoryGiB'),
        storageGb: 0,
        region,
        country: paperspaceCountryOf(region),
        spot: false,
        availability: 'available' as const,
        pricePerHour: numberOf(row, 'Price'),
      };
    });
}

function numberOf(row: Record<string, string>, column: string): number {
  const value = Number(row[column]);
  if (row[column] === '' || !Number.isFinite(value)) {
    throw new Error(`paperspace catalog: ${column} "${row[column]}" is not a number (${row.InstanceType})`);
  }
  return value;
}

/** The catalog file's offers with their citation. */
export async function paperspaceSeedOffers(): Promise<{ source: string; offers: ProviderOffer[] }> {
  const text = await readDatasetText('catalog', PAPERSPACE_SEED_FILE);
  return {
    source:
      `assets/datasets/catalog/${PAPERSPACE_SEED_FILE} (SkyPilot catalog catalogs/v5/paperspace/vms.csv at ` +
      'skypilot-org/skypilot-catalog e13dda3116b3, 2024-03-13); the recorded getVmTypesByClusters body only ' +
      'carries employee-only rates, which are not offers',
    offers: parsePaperspaceCatalogCsv(text),
  };
}
