import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { OfferSchema } from './catalog.schema.js';
import { offerPageJson, toOfferView } from './offer-view.js';
import { createOfferIndex } from './query/index.js';
import { createSyntheticCatalog, offer } from './query/offer-index.test-support.js';

const PageSchema = Type.Object({
  items: Type.Array(OfferSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

describe('offer page JSON', () => {
  const index = createOfferIndex();
  index.upsert(createSyntheticCatalog(500, 7));

  it('is the documented page: every item the offer view, valid against the response schema', () => {
    const page = index.query({ sort: 'price', limit: 20, gpuModels: ['H100-80GB-SXM', 'A100-80GB-SXM'] });
    const doc = JSON.parse(offerPageJson(page, 12.5).toString('utf8'));
    expect(Value.Check(PageSchema, doc)).toBe(true);
    expect(doc.items).toEqual(page.items.map((i) => toOfferView(i.offer, 12.5)));
    expect(doc.next_cursor).toBe(page.nextCursor);
    expect(typeof doc.next_cursor).toBe('string');
  });

  it('appends value_score and explain to a value-sorted item, and the markup changes only the markup price', () => {
    const page = index.query({ sort: 'value', limit: 5, explain: true });
    const plain = JSON.parse(offerPageJson(page, 0).toString('utf8'));
    const marked = JSON.parse(offerPageJson(page, 50).toString('utf8'));
    expect(Value.Check(PageSchema, marked)).toBe(true);
    page.items.forEach((item, i) => {
      const { value_score, explain, ...rest } = marked.items[i];
      expect(rest).toEqual(toOfferView(item.offer, 50));
      expect(value_score).toBe(item.valueScore);
      expect(explain.score).toBe(item.explain?.score);
      expect(explain.criteria.map((c: { anti_ideal: number }) => c.anti_ideal)).toEqual(
        item.explain?.criteria.map((c) => c.antiIdeal),
      );
      expect(marked.items[i].price_per_hour_with_markup).toBeCloseTo(plain.items[i].price_per_hour * 1.5, 4);
    });
  });

  it('escapes what JSON must escape and ends with a null cursor on the last page', () => {
    const lone = createOfferIndex();
    lone.upsert([offer({ id: 'q1', region: 'us "east"\n\\ ünïcode ✓', providerOfferId: '</script>' })]);
    const buf = offerPageJson(lone.query({ sort: 'price', limit: 10 }), 0);
    const doc = JSON.parse(buf.toString('utf8'));
    expect(doc.items[0].region).toBe('us "east"\n\\ ünïcode ✓');
    expect(doc.items[0].provider_offer_id).toBe('</script>');
    expect(doc.next_cursor).toBeNull();
    expect(buf.length).toBe(Buffer.byteLength(JSON.stringify(doc)));
  });

  it('serves a replaced offer from its new data, not the old JSON', () => {
    const idx = createOfferIndex();
    idx.upsert([offer({ id: 'r1', priceMicros: 1_000_000 })]);
    const before = JSON.parse(offerPageJson(idx.query({ sort: 'price', limit: 1 }), 0).toString('utf8'));
    idx.upsert([offer({ id: 'r1', priceMicros: 2_000_000 })]);
    const after = JSON.parse(offerPageJson(idx.query({ sort: 'price', limit: 1 }), 0).toString('utf8'));
    expect([before.items[0].price_per_hour, after.items[0].price_per_hour]).toEqual([1, 2]);
  });
});
