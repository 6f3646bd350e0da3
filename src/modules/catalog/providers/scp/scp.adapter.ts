import { createCatalogAdapter } from '../catalog-adapter.js';

/** Samsung Cloud Platform: a catalog provider (SkyPilot catalog files; see `createCatalogAdapter`). */
export const scpAdapter = createCatalogAdapter({
  id: 'scp',
  name: 'Samsung Cloud Platform',
  commit: 'b72e843ac6e9, 2023-05-22',
});
