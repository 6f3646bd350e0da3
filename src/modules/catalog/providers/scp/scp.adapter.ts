import { readDatasetText } from '../../assets.js';
import type { ProviderAdapter } from '../../catalog.types.js';
import { parseSkypilotCatalog } from '../../catalog-files/index.js';

const CATALOG_FILE = 'scp.csv';

/**
 * Samsung Cloud Platform: a catalog provider. Its offers come from the SkyPilot service catalog
 * (`catalogs/v5/scp/vms.csv`) read by the catalog-file sync, not from an API, so `listOffers` throws
 * rather than answer `[]` (an empty answer would read as "the provider has no offers" and could retire
 * every catalog offer). `seedOffers` reads the bundled copy, assets/datasets/catalog/scp.csv.
 */
export const scpAdapter: ProviderAdapter = {
  id: 'scp',
  name: 'Samsung Cloud Platform',
  kind: 'catalog',
  defaultBaseUrl: null,
  docsUrl: 'https://github.com/skypilot-org/skypilot-catalog/tree/master/catalogs/v5/scp',
  supportsProvisioning: false,
  async listOffers() {
    throw new Error('catalog provider: offers come from catalog files');
  },
  async seedOffers() {
    const text = await readDatasetText('catalog', CATALOG_FILE);
    return {
      source:
        `assets/datasets/catalog/${CATALOG_FILE} (SkyPilot catalog skypilot-org/skypilot-catalog ` +
        'catalogs/v5/scp/vms.csv@b72e843ac6e9, 2023-05-22)',
      offers: parseSkypilotCatalog(text, { provider: 'scp' }).offers,
    };
  },
};
