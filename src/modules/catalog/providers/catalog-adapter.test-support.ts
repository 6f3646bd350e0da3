import { expect } from 'vitest';
import type { ProviderAdapter, ProviderId } from '../catalog.types.js';

/**
 * Asserts that `adapter` is the catalog provider `id` (no API base URL, no provisioning) and that its
 * `listOffers` refuses to answer, since its offers come from catalog files.
 */
export async function expectCatalogProviderWithoutApi(
  adapter: ProviderAdapter,
  id: ProviderId,
): Promise<void> {
  expect(adapter).toMatchObject({ id, kind: 'catalog', defaultBaseUrl: null, supportsProvisioning: false });
  const ctx = {
    http: { baseUrl: '', request: async () => ({}) },
    credential: null,
    signal: new AbortController().signal,
  };
  await expect(adapter.listOffers(ctx as never)).rejects.toThrow(
    'catalog provider: offers come from catalog files',
  );
}
