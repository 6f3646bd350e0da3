import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.js';
import type { CatalogOffer } from '../catalog.types.js';
import { createOfferIndex, InvalidCursorError, OFFER_SORTS, type OfferQuery } from './offer-index.js';
import { createRandom, createSyntheticCatalog, offer } from './offer-index.test-support.js';

describe('keyset pagination under concurrent changes', () => {
  it.each(OFFER_SORTS)('sort=%s: no offer repeats and no unchanged offer is skipped', (sort) => {
    const random = createRandom(OFFER_SORTS.indexOf(sort) + 1);
    const start = createSyntheticCatalog(1500, 11);
    const fresh = createSyntheticCatalog(800, 12).map((o) => ({ ...o, id: `ofr_new${o.id.slice(4)}` }));
    const index = createOfferIndex();
    index.upsert(start);
    const current = new Map(start.map((o) => [o.id, o]));
    const touched = new Set<string>();
    const seen: string[] = [];
    const q: OfferQuery = { sort, available: true, limit: 25, weights: { price: 0.6, performance: 0.4 } };
    const seenSet = new Set<string>();
    const unseen = () => [...current.keys()].filter((id) => !seenSet.has(id));

    let cursor: string | undefined;
    for (let pages = 0; pages < 500; pages++) {
      const page = index.query({ ...q, cursor });
      for (const item of page.items) {
        seen.push(item.offer.id);
        seenSet.add(item.offer.id);
      }
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
      // Between two page requests: new offers (some far better than anything, which moves the
      // TOPSIS ideal point), price/availability changes and a provider resync that drops an offer.
      for (let k = 0; k < 4; k++) {
        const o = fresh.pop()!;
        const inserted =
          k === 0
            ? { ...o, priceMicros: 10_000, performanceScore: 50_000, availability: 'available' as const }
            : o;
        index.upsert([inserted]);
        current.set(inserted.id, inserted);
        touched.add(inserted.id);
      }
      const candidates = unseen();
      for (let k = 0; k < 3; k++) {
        const id = candidates[Math.floor(random() * candidates.length)]!;
        const changed: CatalogOffer = {
          ...current.get(id)!,
          priceMicros: Math.round(random() * 40_000_000),
          availability: random() < 0.5 ? 'limited' : 'available',
        };
        index.upsert([changed]);
        current.set(id, changed);
        touched.add(id);
      }
      if (pages % 5 === 0) {
        const provider = current.get(candidates[0]!)!.provider;
        const kept = [...current.values()].filter((o) => o.provider === provider && o.id !== candidates[0]);
        index.replaceProvider(provider, kept);
        current.delete(candidates[0]!);
        touched.add(candidates[0]!);
      }
    }

    expect(new Set(seen).size).toBe(seen.length);
    const unchangedMatching = start.filter((o) => !touched.has(o.id) && o.availability !== 'unavailable');
    expect(unchangedMatching.filter((o) => !seenSet.has(o.id)).map((o) => o.id)).toEqual([]);
    expect(touched.size).toBeGreaterThan(200);
  });

  it('resumes after an offer deleted since the page that pointed at it', () => {
    const index = createOfferIndex();
    index.upsert([1, 2, 3, 4, 5].map((n) => offer({ id: `ofr_${n}`, priceMicros: n * 1_000_000 })));
    const page1 = index.query({ sort: 'price', limit: 2 });
    index.replaceProvider(
      'lambda',
      [1, 3, 4, 5].map((n) => offer({ id: `ofr_${n}`, priceMicros: n * 1_000_000 })),
    );
    const page2 = index.query({ sort: 'price', limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => i.offer.id)).toEqual(['ofr_3', 'ofr_4']);
  });
});

describe('invalid cursors', () => {
  const index = createOfferIndex();
  index.upsert(createSyntheticCatalog(200, 3));
  const priceCursor = index.query({ sort: 'price', limit: 5 }).nextCursor!;
  const valueCursor = index.query({ sort: 'value', limit: 5, maxGpuCount: 4 }).nextCursor!;

  const reject = (q: OfferQuery) => {
    expect(() => index.query(q)).toThrow(InvalidCursorError);
  };

  it('rejects garbage, empty and truncated tokens', () => {
    reject({ sort: 'price', limit: 5, cursor: 'not a cursor!' });
    reject({ sort: 'price', limit: 5, cursor: '' });
    reject({ sort: 'price', limit: 5, cursor: priceCursor.slice(0, -3) });
  });

  it('rejects a hand-edited or hand-made cursor', () => {
    const text = Buffer.from(priceCursor, 'base64url').toString('utf8');
    const edited = text.replace(/,"ofr_/, ',"ofr_0');
    expect(edited).not.toBe(text);
    reject({ sort: 'price', limit: 5, cursor: Buffer.from(edited).toString('base64url') });
    const forged = Buffer.from(JSON.stringify([1, 'price', 0, 0, 'ofr_x'])).toString('base64url');
    reject({ sort: 'price', limit: 5, cursor: forged });
  });

  it('rejects a cursor of another sort', () => {
    reject({ sort: '-price', limit: 5, cursor: priceCursor });
    reject({ sort: 'price', limit: 5, cursor: valueCursor });
  });

  it('binds a value cursor to its weights and filters', () => {
    expect(index.query({ sort: 'value', limit: 5, maxGpuCount: 4, cursor: valueCursor }).items).toHaveLength(
      5,
    );
    reject({ sort: 'value', limit: 5, maxGpuCount: 4, cursor: valueCursor, weights: { price: 1 } });
    reject({ sort: 'value', limit: 5, maxGpuCount: 2, cursor: valueCursor });
  });

  it('is the 400 bad_request AppError', () => {
    try {
      index.query({ sort: 'price', limit: 5, cursor: 'xyz' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).code).toBe('bad_request');
    }
  });
});
