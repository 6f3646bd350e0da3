import { readDatasetText } from '../assets.js';
import type { ProviderAdapter, ProviderId } from '../catalog.types.js';
import { parseSkypilotCatalog } from '../catalog-files/index.js';

/**
 * A catalog provider: its offers come from SkyPilot catalog files (an admin's import, or the
 * bundled copy in assets/datasets/catalog/<id>.csv for its SANDBOX twin), not from an API. So
 * `listOffers` throws rather than answer `[]`: an empty answer would read as "the provider has no
 * offers" and retire every catalog offer.
 */
export function createCatalogAdapter(spec: {
  id: ProviderId;
  name: string;
  /** Upstream commit (short) and date of the bundled file, for the citation. */
  commit: string;
}): ProviderAdapter {
  const file = `${spec.id}.csv`;
  const upstream = `catalogs/v5/${spec.id}/vms.csv`;
  return {
    id: spec.id,
    name: spec.name,
    kind: 'catalog',
    defaultBaseUrl: null,
    docsUrl: `https://github.com/skypilot-org/skypilot-catalog/tree/master/catalogs/v5/${spec.id}`,
    supportsProvisioning: false,
    credential: 'none',
    async listOffers() {
      throw new Error('catalog provider: offers come from catalog files');
    },
    async seedOffers() {
      const text = await readDatasetText('catalog', file);
      return {
        source: `assets/datasets/catalog/${file} (SkyPilot catalog skypilot-org/skypilot-catalog ${upstream}@${spec.commit})`,
        offers: parseSkypilotCatalog(text, { provider: spec.id }).offers,
      };
    },
  };
}
