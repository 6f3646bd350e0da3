import { createCatalogAdapter } from '../catalog-adapter.js';

/** FluidStack: a catalog provider (SkyPilot catalog files; see `createCatalogAdapter`). */
export const fluidstackAdapter = createCatalogAdapter({
  id: 'fluidstack',
  name: 'FluidStack',
  commit: 'aaa3e08a04da, 2024-02-15',
});
