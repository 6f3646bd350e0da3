import type { ProviderOffer } from '../catalog.types.js';
import type { CatalogFileOptions, CatalogFileResult } from './catalog-file.types.js';
import { type CatalogRow, numberCell, readCatalogTable, roundMicro } from './catalog-table.js';
import { gcpHostFor } from './gcp-hosts.js';
import { parseGpuInfo } from './gpu-info.js';
import { countryForRegion } from './regions.js';

/** Columns every SkyPilot `vms.csv` has (any order); GpuInfo, SpotPrice, AvailabilityZone are optional. */
export const SKYPILOT_REQUIRED_COLUMNS = [
  'InstanceType',
  'AcceleratorName',
  'AcceleratorCount',
  'vCPUs',
  'MemoryGiB',
  'Price',
  'Region',
] as const;

// Clouds whose GpuInfo MemoryInfo.SizeInMiB is the total over all GPUs of the offer, not per GPU.
const VRAM_SIZE_IS_TOTAL = new Set(['vast']);

type Built = { ok: true; offers: ProviderOffer[] } | { ok: false; reason: string };

/**
 * Reads a SkyPilot service catalog (`vms.csv`, schema v5–v8) by header name (LF or CRLF).
 *
 * - A row with an empty AcceleratorName is CPU-only (`skippedCpuOnly`).
 * - Each GPU row gives an on-demand offer at `Price` and, when `SpotPrice` is a positive number, a
 *   second offer with `spot: true` (Vast's `0.00` means none). USD per hour for the whole offer.
 * - `providerOfferId` is `<InstanceType>:<Region>[:<AvailabilityZone>][:spot]`: one offer per zone
 *   where the cloud lists zones (spot prices differ per zone on AWS; nothing is merged).
 * - VRAM per GPU = GpuInfo `SizeInMiB` / 1024 (divided by the GPU count on Vast, whose figure is the
 *   total), rounded to 0.01 GB; null when GpuInfo is empty or a plain name.
 * - vcpus / ramGb from vCPUs / MemoryGiB as written (Vast's fixed 32 / 64 placeholders included),
 *   storageGb 0 (the catalogs do not say), availability 'available' (a listed row is on sale).
 * - GCP rows with an empty InstanceType are attachable accelerators: composed with a host VM of the
 *   same zone from the same file (rule in `gcp-hosts.ts`); price = accelerator + host, vcpus/RAM of
 *   the host, id `<host>+<Accelerator>x<count>:<Region>:<Zone>[:spot]`. TPUs stand alone
 *   (id `<tpu-name>:<Region>:<Zone>`, vcpus/RAM 0 as the row gives none).
 * - A row with an unusable value (empty/non-numeric/non-positive Price, bad count, malformed
 *   GpuInfo, no host VM, an id already produced by an earlier row) is skipped whole into
 *   `skippedInvalid` with its line.
 *
 * Throws `CatalogFileError` when the text lacks a required column.
 */
export function parseSkypilotCatalog(text: string, opts: CatalogFileOptions): CatalogFileResult {
  const table = readCatalogTable(text, SKYPILOT_REQUIRED_COLUMNS, 'SkyPilot');
  const result: CatalogFileResult = {
    offers: [],
    rowsRead: table.rowsRead,
    skippedCpuOnly: 0,
    skippedInvalid: [...table.invalid],
  };
  let hosts: Map<string, CatalogRow> | undefined;
  const firstLineOfId = new Map<string, number>();
  for (const row of table.rows) {
    if (row.cells.AcceleratorName === '') {
      result.skippedCpuOnly++;
      continue;
    }
    let built: Built;
    if (row.cells.InstanceType !== '') built = rowOffers(row, opts);
    else {
      hosts ??= indexHostVms(table.rows);
      built = composeAttachable(row, hosts, opts);
    }
    const duplicateOf = built.ok ? firstLineOfId.get(built.offers[0]?.providerOfferId ?? '') : undefined;
    if (!built.ok || duplicateOf !== undefined) {
      const reason = built.ok ? `duplicate offer id, first on line ${duplicateOf}` : built.reason;
      result.skippedInvalid.push({ line: row.line, reason });
      continue;
    }
    for (const offer of built.offers) firstLineOfId.set(offer.providerOfferId, row.line);
    result.offers.push(...built.offers);
  }
  result.skippedInvalid.sort((a, b) => a.line - b.line);
  return result;
}

/** The price, hardware and place of one row, before it becomes an on-demand (+ spot) offer pair. */
interface RowValues {
  idBase: string;
  gpuName: string;
  gpuCount: number;
  gpuVramGb: number | null;
  vcpus: number;
  ramGb: number;
  region: string;
  zone: string;
  price: number;
  spotPrice: number | null;
}

function rowOffers(row: CatalogRow, opts: CatalogFileOptions): Built {
  const values = readRow(row, opts);
  if (!values.ok) return values;
  values.value.idBase = row.cells.InstanceType ?? '';
  return { ok: true, offers: toOffers(values.value, opts) };
}

function composeAttachable(row: CatalogRow, hosts: Map<string, CatalogRow>, opts: CatalogFileOptions): Built {
  const read = readRow(row, opts);
  if (!read.ok) return read;
  const acc = read.value;
  const host = gcpHostFor(acc.gpuName, acc.gpuCount);
  if (host.kind === 'standalone')
    return { ok: true, offers: toOffers({ ...acc, idBase: acc.gpuName }, opts) };
  if (host.kind === 'none')
    return { ok: false, reason: `no host VM shape for ${acc.gpuCount} x ${acc.gpuName}` };
  const hostRow = hosts.get(hostKey(host.instanceType, acc.zone || acc.region));
  if (!hostRow)
    return { ok: false, reason: `host VM ${host.instanceType} not listed in ${acc.zone || acc.region}` };
  const vm = readNumbers(hostRow.cells);
  if (!vm.ok)
    return { ok: false, reason: `host VM ${host.instanceType} on line ${hostRow.line}: ${vm.reason}` };
  const spotPrice =
    acc.spotPrice !== null && vm.value.spotPrice !== null ? acc.spotPrice + vm.value.spotPrice : null;
  const composed: RowValues = {
    ...acc,
    idBase: `${host.instanceType}+${acc.gpuName}x${acc.gpuCount}`,
    vcpus: vm.value.vcpus,
    ramGb: vm.value.ramGb,
    price: roundMicro(acc.price + vm.value.price),
    spotPrice: spotPrice === null ? null : roundMicro(spotPrice),
  };
  return { ok: true, offers: toOffers(composed, opts) };
}

function readRow(
  row: CatalogRow,
  opts: CatalogFileOptions,
): { ok: true; value: RowValues } | { ok: false; reason: string } {
  const c = row.cells;
  const numbers = readNumbers(c);
  if (!numbers.ok) return numbers;
  const count = numberCell(c, 'AcceleratorCount');
  if (!count.ok) return count;
  // A fractional GPU (vGPU slice) counts as 1 GPU (ProviderOffer contract).
  const gpuCount = count.value > 0 && count.value < 1 ? 1 : count.value;
  if (!Number.isInteger(gpuCount) || gpuCount < 1) {
    return { ok: false, reason: `AcceleratorCount is not a GPU count: "${c.AcceleratorCount}"` };
  }
  let sizeInMiB: number | null;
  try {
    sizeInMiB = parseGpuInfo(c.GpuInfo ?? '').sizeInMiB;
  } catch (err) {
    return { ok: false, reason: `GpuInfo is malformed: ${(err as Error).message}` };
  }
  const perGpuMiB =
    sizeInMiB !== null && VRAM_SIZE_IS_TOTAL.has(opts.provider) ? sizeInMiB / gpuCount : sizeInMiB;
  const region = c.Region ?? '';
  if (region === '') return { ok: false, reason: 'Region is empty' };
  return {
    ok: true,
    // Spelled out (no spread plus extra keys): this runs once per row of files of 100,000 rows.
    value: {
      price: numbers.value.price,
      spotPrice: numbers.value.spotPrice,
      vcpus: numbers.value.vcpus,
      ramGb: numbers.value.ramGb,
      idBase: '',
      gpuName: c.AcceleratorName ?? '',
      gpuCount,
      gpuVramGb: perGpuMiB === null ? null : Math.round((perGpuMiB / 1024) * 100) / 100,
      region,
      zone: c.AvailabilityZone ?? '',
    },
  };
}

function readNumbers(
  c: Record<string, string>,
):
  | { ok: true; value: { price: number; spotPrice: number | null; vcpus: number; ramGb: number } }
  | { ok: false; reason: string } {
  const price = numberCell(c, 'Price');
  if (!price.ok) return price;
  if (price.value <= 0) return { ok: false, reason: `Price is not positive: "${c.Price}"` };
  // Vast writes 0.00 when there is no interruptible price; an empty or zero cell means no spot offer.
  const spot = numberCell(c, 'SpotPrice', 0);
  if (!spot.ok) return spot;
  const vcpus = numberCell(c, 'vCPUs', 0);
  if (!vcpus.ok) return vcpus;
  const ramGb = numberCell(c, 'MemoryGiB', 0);
  if (!ramGb.ok) return ramGb;
  return {
    ok: true,
    value: {
      price: price.value,
      spotPrice: spot.value > 0 ? spot.value : null,
      vcpus: vcpus.value,
      ramGb: ramGb.value,
    },
  };
}

function toOffers(v: RowValues, opts: CatalogFileOptions): ProviderOffer[] {
  const id = v.zone === '' ? `${v.idBase}:${v.region}` : `${v.idBase}:${v.region}:${v.zone}`;
  const base: ProviderOffer = {
    providerOfferId: id,
    gpuName: v.gpuName,
    gpuCount: v.gpuCount,
    gpuVramGb: v.gpuVramGb,
    vcpus: v.vcpus,
    ramGb: v.ramGb,
    storageGb: 0,
    region: v.region,
    country: countryForRegion(opts.provider, v.region),
    spot: false,
    availability: 'available',
    pricePerHour: v.price,
  };
  if (v.spotPrice === null) return [base];
  return [base, { ...base, providerOfferId: `${id}:spot`, spot: true, pricePerHour: v.spotPrice }];
}

function hostKey(instanceType: string, place: string): string {
  return `${instanceType}@${place}`;
}

// CPU-only VM rows by type and zone (region when the file has no zones): candidate GCP hosts.
function indexHostVms(rows: CatalogRow[]): Map<string, CatalogRow> {
  const hosts = new Map<string, CatalogRow>();
  for (const row of rows) {
    const { InstanceType: type = '', AcceleratorName: acc = '' } = row.cells;
    if (type === '' || acc !== '') continue;
    const key = hostKey(type, row.cells.AvailabilityZone || row.cells.Region || '');
    if (!hosts.has(key)) hosts.set(key, row);
  }
  return hosts;
}
