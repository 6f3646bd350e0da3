import { createCatalogAdapter } from '../catalog-adapter.js';

/** Amazon Web Services: a catalog provider (SkyPilot catalog files; see `createCatalogAdapter`). */
export const awsAdapter = createCatalogAdapter({
  id: 'aws',
  name: 'Amazon Web Services',
  commit: 'c75e2c0590eb, 2024-04-23',
});
