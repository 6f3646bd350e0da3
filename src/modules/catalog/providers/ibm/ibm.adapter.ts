import { createCatalogAdapter } from '../catalog-adapter.js';

/** IBM Cloud: a catalog provider (SkyPilot catalog files; see `createCatalogAdapter`). */
export const ibmAdapter = createCatalogAdapter({
  id: 'ibm',
  name: 'IBM Cloud',
  commit: '1ce8043fcd0f, 2023-01-15',
});
