export { datasetPath, readDatasetText } from './assets.js';
export { OfferSchema } from './catalog.schema.js';
export type {
  Availability,
  CatalogOffer,
  ProviderAdapter,
  ProviderContext,
  ProviderId,
  ProviderOffer,
} from './catalog.types.js';
export { ProviderHttpError } from './catalog.types.js';
export type { CatalogModule, CatalogWiring } from './catalog.wire.js';
export { parseSkypilotCatalog } from './catalog-files/index.js';
export type { LiveProvisioning } from './live-provisioning.js';
export {
  type InstanceSpec,
  type InstanceState,
  instanceNameOf,
  ProviderCapacityError,
  type ProviderInstance,
  type ProvisioningAdapter,
} from './provisioning.types.js';
/** No answer, a timeout, 408, 429 or 5xx: another attempt may succeed (anything else fails again). */
export { isTransient as isTransientProviderError } from './resilience/index.js';

import { type CatalogModule, type CatalogWiring, wireCatalog } from './catalog.wire.js';

/**
 * The offer catalog: provider adapters (live APIs, catalog files, SANDBOX twins), normalization to
 * canonical GPU models, scheduled resilient syncs, and the public browse API (`/providers`,
 * `/gpus`, `/offers` with filters, sorts and TOPSIS best-value ranking) served from an in-memory
 * index rebuilt per provider after each sync. Other modules read offers through `index`.
 */
export function createCatalogModule(deps: CatalogWiring): CatalogModule {
  return wireCatalog(deps);
}
