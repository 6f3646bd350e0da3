import { createCatalogAdapter } from '../catalog-adapter.js';

/** Google Cloud: a catalog provider (SkyPilot catalog files; see `createCatalogAdapter`). */
export const gcpAdapter = createCatalogAdapter({
  id: 'gcp',
  name: 'Google Cloud',
  commit: '075cade3974e, 2024-04-23',
});
