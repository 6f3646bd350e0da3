import { readDatasetText } from '../../assets.js';
import type { ProviderAdapter } from '../../catalog.types.js';
import { parseSkypilotCatalog } from '../../catalog-files/index.js';

const CATALOG_FILE = 'fluidstack.csv';

/**
 * FluidStack: a catalog provider. Its offers come from the SkyPilot service catalog
 * (`catalogs/v5/fluidstack/vms.csv`) read by the catalog-file sync, not from an API, so `listOffers` throws
 * rather than answer `[]` (an empty answer would read as "the provider has no offers" and could retire
 * every catalog offer). `seedOffers` reads the bundled copy, assets/datasets/catalog/fluidstack.csv.
 */
export const fluidstackAdapter: ProviderAdapter = {
  id: 'fluidstack',
  name: 'FluidStack',
  kind: 'catalog',
  defaultBaseUrl: null,
  docsUrl: 'https://github.com/skypilot-org/skypilot-catalog/tree/master/catalogs/v5/fluidstack',
  supportsProvisioning: false,
  async listOffers() {
    throw new Error('catalog provider: offers come from catalog files');
  },
  async seedOffers() {
    const text = await readDatasetText('catalog', CATALOG_FILE);
    return {
      source:
        `assets/datasets/catalog/${CATALOG_FILE} (SkyPilot catalog skypilot-org/skypilot-catalog ` +
        'catalogs/v5/fluidstack/vms.csv@aaa3e08a04da, 2024-02-15)',
      offers: parseSkypilotCatalog(text, { provider: 'fluidstack' }).offers,
    };
  },
};
