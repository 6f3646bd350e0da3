import { z } from 'zod';
import { readDatasetJson } from '../assets.js';
import { AVAILABILITIES, type ProviderId, type ProviderOffer } from '../catalog.types.js';

// A published price list saved as `assets/datasets/price-lists/<id>.json`: the page it was read from
// (`source`), how it was retrieved, and offers already in ProviderOffer shape, each citing its figure.
const priceListSchema = z.object({
  source: z.string(),
  retrieved_via: z.string(),
  offers: z.array(
    z.object({
      providerOfferId: z.string(),
      gpuName: z.string(),
      gpuCount: z.number(),
      gpuVramGb: z.number().nullable(),
      vcpus: z.number(),
      ramGb: z.number(),
      storageGb: z.number(),
      region: z.string(),
      country: z.string().nullable(),
      spot: z.boolean(),
      availability: z.enum(AVAILABILITIES),
      pricePerHour: z.number(),
      cite: z.string(),
    }),
  ),
});

/**
 * Seed offers from `assets/datasets/price-lists/<id>.json` (prices in USD/h). The `source` names the file,
 * its published source and retrieval note; each entry's `cite` is dropped from the returned offers.
 * Throws when the file does not have the price-list shape.
 */
export async function seedFromPriceList(
  id: ProviderId,
): Promise<{ source: string; offers: ProviderOffer[] }> {
  const list = priceListSchema.parse(await readDatasetJson('price-lists', `${id}.json`));
  return {
    source: `assets/datasets/price-lists/${id}.json (${list.source}; ${list.retrieved_via})`,
    offers: list.offers.map(({ cite: _cite, ...offer }) => offer),
  };
}
