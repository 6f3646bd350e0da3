import { createCatalogAdapter } from '../catalog-adapter.js';

/** OVHcloud: a catalog provider (SkyPilot catalog files; see `createCatalogAdapter`). */
export const ovhcloudAdapter = createCatalogAdapter({
  id: 'ovhcloud',
  name: 'OVHcloud',
  commit: '00f7ec5ff2e0, 2023-11-26',
});
