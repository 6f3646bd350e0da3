import { readDatasetText } from '../../assets.js';
import type { ProviderAdapter } from '../../catalog.types.js';
import { parseSkypilotCatalog } from '../../catalog-files/index.js';

const CATALOG_FILE = 'aws.csv';

/**
 * Amazon Web Services: a catalog provider. Its offers come from the SkyPilot service catalog
 * (`catalogs/v5/aws/vms.csv`) read by the catalog-file sync, not from an API, so `listOffers` throws
 * rather than answer `[]` (an empty answer would read as "the provider has no offers" and could retire
 * every catalog offer). `seedOffers` reads the bundled copy, assets/datasets/catalog/aws.csv.
 */
export const awsAdapter: ProviderAdapter = {
  id: 'aws',
  name: 'Amazon Web Services',
  kind: 'catalog',
  defaultBaseUrl: null,
  docsUrl: 'https://github.com/skypilot-org/skypilot-catalog/tree/master/catalogs/v5/aws',
  supportsProvisioning: false,
  async listOffers() {
    throw new Error('catalog provider: offers come from catalog files');
  },
  async seedOffers() {
    const text = await readDatasetText('catalog', CATALOG_FILE);
    return {
      source:
        `assets/datasets/catalog/${CATALOG_FILE} (SkyPilot catalog skypilot-org/skypilot-catalog ` +
        'catalogs/v5/aws/vms.csv@c75e2c0590eb, 2024-04-23)',
      offers: parseSkypilotCatalog(text, { provider: 'aws' }).offers,
    };
  },
};
