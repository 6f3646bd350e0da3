import type { Availability, ProviderOffer } from '../../catalog.types.js';

/**
 * Pure parsers for the two Azure sources: ARM Resource SKUs (`Microsoft.Compute/skus`, what each
 * VM size is and where this subscription may deploy it) and the public Retail Prices API (what it
 * costs, USD/h, per `armSkuName` × `armRegionName`).
 */

interface ResourceSku {
  resourceType?: string;
  name?: string;
  locations?: string[];
  capabilities?: Array<{ name: string; value: string }>;
  restrictions?: Array<{
    type?: string;
    values?: string[];
    restrictionInfo?: { locations?: string[]; zones?: string[] };
  }>;
}

/** A GPU VM size and its per-region availability for the subscription. */
export interface AzureGpuSku {
  name: string;
  gpus: number;
  vcpus: number;
  memoryGb: number;
  /** Region (ARM name, lower case) → availability. */
  regions: Map<string, Availability>;
}

/** Linux pay-as-you-go and Spot hourly prices of one VM size in one region. */
export interface AzurePrice {
  onDemand?: number;
  spot?: number;
}

/**
 * GPU VM sizes from a Resource SKUs page (`value[]`): `resourceType` virtualMachines whose `GPUs`
 * capability is ≥ 1 (every other SKU is skipped). Per region in `locations`: a `Location`
 * restriction naming it → 'unavailable' (not offered to this subscription there); a `Zone`
 * restriction → 'limited' (some zones closed); none → 'available'.
 */
export function parseAzureSkus(body: unknown): AzureGpuSku[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new Error('azure: skus answer has no value array');
  const out: AzureGpuSku[] = [];
  for (const sku of value as ResourceSku[]) {
    if (sku.resourceType !== 'virtualMachines' || !sku.name) continue;
    const caps = new Map((sku.capabilities ?? []).map((c) => [c.name, c.value]));
    const gpus = Number(caps.get('GPUs') ?? 0);
    if (!(gpus >= 1)) continue;
    const regions = new Map<string, Availability>();
    for (const loc of sku.locations ?? []) regions.set(loc.toLowerCase(), 'available');
    for (const r of sku.restrictions ?? []) {
      const locs = r.restrictionInfo?.locations ?? (r.type === 'Location' ? r.values : undefined) ?? [];
      for (const loc of locs) {
        const key = loc.toLowerCase();
        if (!regions.has(key)) continue;
        if (r.type === 'Location') regions.set(key, 'unavailable');
        else if (r.type === 'Zone' && regions.get(key) === 'available') regions.set(key, 'limited');
      }
    }
    out.push({
      name: sku.name,
      gpus,
      vcpus: Number(caps.get('vCPUs') ?? 0),
      memoryGb: Number(caps.get('MemoryGB') ?? 0),
      regions,
    });
  }
  return out;
}

interface RetailItem {
  armSkuName?: string;
  armRegionName?: string;
  retailPrice?: number;
  type?: string;
  meterName?: string;
  productName?: string;
  unitOfMeasure?: string;
  currencyCode?: string;
}

/**
 * Folds Retail Prices `Items[]` into a `sku|region` → prices index. Kept: `type` Consumption, per
 * hour, USD, Linux (a productName ending in "Windows" is the Windows licence price). A meterName
 * ending in "Spot" is the Spot price; "Low Priority" (legacy Batch pricing) is skipped; any other
 * meter is pay-as-you-go.
 */
export function indexAzureRetailPrices(
  items: unknown,
  into = new Map<string, AzurePrice>(),
): Map<string, AzurePrice> {
  if (!Array.isArray(items)) throw new Error('azure: prices answer has no Items array');
  for (const item of items as RetailItem[]) {
    if (item.type !== 'Consumption' || !item.armSkuName || !item.armRegionName) continue;
    if (typeof item.retailPrice !== 'number' || (item.currencyCode ?? 'USD') !== 'USD') continue;
    if (item.unitOfMeasure && item.unitOfMeasure !== '1 Hour') continue;
    if (/windows/i.test(item.productName ?? '')) continue;
    const meter = item.meterName ?? '';
    if (/low priority/i.test(meter)) continue;
    const key = priceKey(item.armSkuName, item.armRegionName);
    const entry = into.get(key) ?? {};
    if (/\bspot$/i.test(meter)) entry.spot = item.retailPrice;
    else entry.onDemand = item.retailPrice;
    into.set(key, entry);
  }
  return into;
}

/** Index key of a VM size in a region (both compared case-insensitively). */
export function priceKey(sku: string, region: string): string {
  return `${sku.toLowerCase()}|${region.toLowerCase()}`;
}

/**
 * Joins sizes with prices: one offer per GPU size × region × tier that has a price (nothing is
 * invented for a size or region the price list does not cover). The GPU name is the VM size name
 * (ARM does not name the GPU model; normalization maps the size); VRAM is not reported (null);
 * storage 0 (disks are billed separately).
 */
export function joinAzureOffers(skus: AzureGpuSku[], prices: Map<string, AzurePrice>): ProviderOffer[] {
  const offers: ProviderOffer[] = [];
  for (const sku of skus) {
    for (const [region, availability] of sku.regions) {
      const price = prices.get(priceKey(sku.name, region));
      const tiers: Array<[boolean, number | undefined]> = [
        [false, price?.onDemand],
        [true, price?.spot],
      ];
      for (const [spot, pricePerHour] of tiers) {
        if (pricePerHour === undefined) continue;
        offers.push({
          providerOfferId: `${sku.name}:${region}${spot ? ':spot' : ''}`,
          gpuName: sku.name,
          gpuCount: sku.gpus,
          gpuVramGb: null,
          vcpus: sku.vcpus,
          ramGb: sku.memoryGb,
          storageGb: 0,
          region,
          country: azureCountry(region),
          spot,
          availability,
          pricePerHour,
        });
      }
    }
  }
  return offers;
}

// ARM region name patterns → country.
const REGION_COUNTRY: Array<[RegExp, string]> = [
  [/^(east|west|central|northcentral|southcentral|westcentral)us/, 'US'],
  [/^canada/, 'CA'],
  [/^brazil/, 'BR'],
  [/^mexico/, 'MX'],
  [/^northeurope$/, 'IE'],
  [/^westeurope$/, 'NL'],
  [/^uk/, 'GB'],
  [/^france/, 'FR'],
  [/^germany/, 'DE'],
  [/^switzerland/, 'CH'],
  [/^norway/, 'NO'],
  [/^sweden/, 'SE'],
  [/^poland/, 'PL'],
  [/^italy/, 'IT'],
  [/^spain/, 'ES'],
  [/^japan/, 'JP'],
  [/^korea/, 'KR'],
  [/^australia/, 'AU'],
  [/^(central|south|west)india$/, 'IN'],
  [/^southeastasia$/, 'SG'],
  [/^eastasia$/, 'HK'],
  [/^uae/, 'AE'],
  [/^qatar/, 'QA'],
  [/^israel/, 'IL'],
  [/^southafrica/, 'ZA'],
];

/** ISO country of an ARM region name (`eastus` → US, `westeurope` → NL), null when unknown. */
export function azureCountry(region: string): string | null {
  return REGION_COUNTRY.find(([re]) => re.test(region))?.[1] ?? null;
}
