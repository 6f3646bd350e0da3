import { readDatasetText } from '../../assets.js';
import type { ProviderAdapter } from '../../catalog.types.js';
import { parseSkypilotCatalog } from '../../catalog-files/index.js';

const CATALOG_FILE = 'ovhcloud.csv';

/**
 * OVHcloud: a catalog provider. Its offers come from the SkyPilot service catalog
 * (`catalogs/v5/ovhcloud/vms.csv`) read by the catalog-file sync, not from an API, so `listOffers` throws
 * rather than answer `[]` (an empty answer would read as "the provider has no offers" and could retire
 * every catalog offer). `seedOffers` reads the bundled copy, assets/datasets/catalog/ovhcloud.csv.
 */
export const ovhcloudAdapter: ProviderAdapter = {
  id: 'ovhcloud',
  name: 'OVHcloud',
  kind: 'catalog',
  defaultBaseUrl: null,
  docsUrl: 'https://github.com/skypilot-org/skypilot-catalog/tree/master/catalogs/v5/ovhcloud',
  supportsProvisioning: false,
  async listOffers() {
    throw new Error('catalog provider: offers come from catalog files');
  },
  async seedOffers() {
    const text = await readDatasetText('catalog', CATALOG_FILE);
    return {
      source:
        `assets/datasets/catalog/${CATALOG_FILE} (SkyPilot catalog skypilot-org/skypilot-catalog ` +
        'catalogs/v5/ovhcloud/vms.csv@00f7ec5ff2e0, 2023-11-26)',
      offers: parseSkypilotCatalog(text, { provider: 'ovhcloud' }).offers,
    };
  },
};
