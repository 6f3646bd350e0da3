import type { ProviderOffer } from '../catalog.types.js';
import type { CatalogFileOptions, CatalogFileResult } from './catalog-file.types.js';
import { numberCell, readCatalogTable } from './catalog-table.js';
import { countryForRegion } from './regions.js';

/**
 * Columns of a dstack gpuhunt per-provider catalog CSV (`<provider>.csv` in gpuhunt's published
 * catalog), as gpuhunt's `RawCatalogItem` dumps them: `instance_name, location, price, cpu, memory,
 * gpu_count, gpu_name, gpu_memory, spot` always, then `disk_size`, `gpu_vendor`, `flags`, `cpu_arch`,
 * `provider_data` in newer catalogs (older ones stop earlier; all are optional here).
 */
export const GPUHUNT_REQUIRED_COLUMNS = [
  'instance_name',
  'location',
  'price',
  'cpu',
  'memory',
  'gpu_count',
  'gpu_name',
  'gpu_memory',
  'spot',
] as const;

/**
 * Reads a gpuhunt catalog CSV by header name (LF or CRLF). gpuhunt writes one row per offer
 * already split by spot, so each row is one offer:
 *
 * - `gpu_count` empty or 0 → CPU-only (`skippedCpuOnly`).
 * - price USD/hour for the whole instance; `cpu` → vcpus; `memory` GB → ramGb; `gpu_memory` is GB per
 *   GPU (null when empty); `disk_size` GB → storageGb (0 when empty); `spot` is Python's
 *   `True`/`False` (any case).
 * - `gpu_name` is kept as written (TPUs keep their `tpu-` prefix for the GPU registry);
 *   `gpu_vendor`, `flags`, `cpu_arch` and `provider_data` are not used. `flags` only hide rows from
 *   old dstack versions; the rows are still real offers, so they are kept.
 * - `location` (region or zone) → region as is; country from it via the provider's region map.
 * - `providerOfferId` = `<instance_name>:<location>[:spot]`; a later row with the same id is skipped
 *   into `skippedInvalid`, as are rows with an empty instance name or location, a non-numeric or
 *   non-positive price, or a non-integer GPU count.
 *
 * Throws `CatalogFileError` when the text lacks a required column.
 */
export function parseGpuhuntCatalog(text: string, opts: CatalogFileOptions): CatalogFileResult {
  const table = readCatalogTable(text, GPUHUNT_REQUIRED_COLUMNS, 'gpuhunt');
  const result: CatalogFileResult = {
    offers: [],
    rowsRead: table.rowsRead,
    skippedCpuOnly: 0,
    skippedInvalid: [...table.invalid],
  };
  const firstLineOfId = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const count = numberCell(cells, 'gpu_count', 0);
    if (count.ok && count.value === 0) {
      result.skippedCpuOnly++;
      continue;
    }
    const read = count.ok ? readOffer(cells, count.value, opts) : count;
    const duplicateOf = read.ok ? firstLineOfId.get(read.offer.providerOfferId) : undefined;
    if (!read.ok || duplicateOf !== undefined) {
      const reason = read.ok ? `duplicate offer id, first on line ${duplicateOf}` : read.reason;
      result.skippedInvalid.push({ line, reason });
      continue;
    }
    firstLineOfId.set(read.offer.providerOfferId, line);
    result.offers.push(read.offer);
  }
  result.skippedInvalid.sort((a, b) => a.line - b.line);
  return result;
}

function readOffer(
  cells: Record<string, string>,
  gpuCount: number,
  opts: CatalogFileOptions,
): { ok: true; offer: ProviderOffer } | { ok: false; reason: string } {
  if (!Number.isInteger(gpuCount) || gpuCount < 0) {
    return { ok: false, reason: `gpu_count is not a GPU count: "${cells.gpu_count}"` };
  }
  const instanceName = cells.instance_name ?? '';
  const location = cells.location ?? '';
  const gpuName = cells.gpu_name ?? '';
  if (instanceName === '') return { ok: false, reason: 'instance_name is empty' };
  if (location === '') return { ok: false, reason: 'location is empty' };
  if (gpuName === '') return { ok: false, reason: 'gpu_name is empty on a GPU row' };
  const price = numberCell(cells, 'price');
  if (!price.ok) return price;
  if (price.value <= 0) return { ok: false, reason: `price is not positive: "${cells.price}"` };
  const cpu = numberCell(cells, 'cpu');
  if (!cpu.ok) return cpu;
  const memory = numberCell(cells, 'memory');
  if (!memory.ok) return memory;
  const gpuMemory = numberCell(cells, 'gpu_memory', 0);
  if (!gpuMemory.ok) return gpuMemory;
  const disk = numberCell(cells, 'disk_size', 0);
  if (!disk.ok) return disk;
  const spotText = (cells.spot ?? '').toLowerCase();
  if (spotText !== 'true' && spotText !== 'false') {
    return { ok: false, reason: `spot is not True/False: "${cells.spot}"` };
  }
  const spot = spotText === 'true';
  const offer: ProviderOffer = {
    providerOfferId: `${instanceName}:${location}${spot ? ':spot' : ''}`,
    gpuName,
    gpuCount,
    gpuVramGb: gpuMemory.value > 0 ? gpuMemory.value : null,
    vcpus: cpu.value,
    ramGb: memory.value,
    storageGb: disk.value,
    region: location,
    country: countryForRegion(opts.provider, location),
    spot,
    availability: 'available',
    pricePerHour: price.value,
  };
  return { ok: true, offer };
}
