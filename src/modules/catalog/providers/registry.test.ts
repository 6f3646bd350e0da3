import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../platform-config/index.js';
import { PROVIDERS } from './registry.js';

describe('PROVIDERS registry', () => {
  it('has an adapter for every platform provider id, keyed by its own id, and nothing else', () => {
    expect(Object.keys(PROVIDERS).sort()).toEqual([...PROVIDER_IDS].sort());
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id);
    expect(PROVIDER_IDS.length).toBeGreaterThanOrEqual(20);
  });

  it('describes each adapter consistently with its kind', () => {
    for (const adapter of Object.values(PROVIDERS)) {
      expect(adapter.name.trim()).not.toBe('');
      expect(adapter.docsUrl).toMatch(/^https:\/\//);
      if (adapter.kind === 'live') expect(adapter.defaultBaseUrl).toMatch(/^https:\/\//);
      else expect(adapter.defaultBaseUrl).toBeNull();
      // `supportsProvisioning` (GET /providers) tells the truth about the lifecycle calls.
      expect(adapter.supportsProvisioning, adapter.id).toBe(adapter.provisioning !== undefined);
    }
  });

  it.each(PROVIDER_IDS)('%s seeds at least one real GPU offer with a cited source', async (id) => {
    const seed = await PROVIDERS[id].seedOffers();

    expect(seed.source.trim()).not.toBe('');
    expect(seed.offers.length).toBeGreaterThanOrEqual(1);
    for (const offer of seed.offers) {
      expect(offer.gpuCount, offer.providerOfferId).toBeGreaterThanOrEqual(1);
      expect(offer.gpuName.trim(), offer.providerOfferId).not.toBe('');
      // A GPU offer at $0/h is a catalog artefact (e.g. a preview size), not a price.
      expect(offer.pricePerHour, `${offer.providerOfferId} pricePerHour`).toBeGreaterThan(0);
    }
    expect(new Set(seed.offers.map((o) => o.providerOfferId)).size).toBe(seed.offers.length);
  });
});
