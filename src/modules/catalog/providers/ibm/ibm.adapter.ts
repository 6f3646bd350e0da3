import { readDatasetText } from '../../assets.js';
import type { ProviderAdapter } from '../../catalog.types.js';
import { parseSkypilotCatalog } from '../../catalog-files/index.js';

const CATALOG_FILE = 'ibm.csv';

/**
 * IBM Cloud: a catalog provider. Its offers come from the SkyPilot service catalog
 * (`catalogs/v5/ibm/vms.csv`) read by the catalog-file sync, not from an API, so `listOffers` throws
 * rather than answer `[]` (an empty answer would read as "the provider has no offers" and could retire
 * every catalog offer). `seedOffers` reads the bundled copy, assets/datasets/catalog/ibm.csv.
 */
export const ibmAdapter: ProviderAdapter = {
  id: 'ibm',
  name: 'IBM Cloud',
  kind: 'catalog',
  defaultBaseUrl: null,
  docsUrl: 'https://github.com/skypilot-org/skypilot-catalog/tree/master/catalogs/v5/ibm',
  supportsProvisioning: false,
  async listOffers() {
    throw new Error('catalog provider: offers come from catalog files');
  },
  async seedOffers() {
    const text = await readDatasetText('catalog', CATALOG_FILE);
    return {
      source:
        `assets/datasets/catalog/${CATALOG_FILE} (SkyPilot catalog skypilot-org/skypilot-catalog ` +
        'catalogs/v5/ibm/vms.csv@1ce8043fcd0f, 2023-01-15)',
      offers: parseSkypilotCatalog(text, { provider: 'ibm' }).offers,
    };
  },
};
