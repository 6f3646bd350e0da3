import type { CatalogOffer } from './catalog.types.js';
import type { OfferPage, OfferPageItem } from './query/index.js';

const usd = (micros: number) => Math.round(micros / 100) / 10_000;

function buildOfferView(offer: CatalogOffer, markupPercent: number) {
  return {
    id: offer.id,
    provider: offer.provider,
    provider_offer_id: offer.providerOfferId,
    gpu_model: offer.gpuModel,
    gpu_mapped: offer.gpuMapped,
    gpu_count: offer.gpuCount,
    gpu_vram_gb: offer.gpuVramGb,
    vcpus: offer.vcpus,
    ram_gb: offer.ramGb,
    storage_gb: offer.storageGb,
    region: offer.region,
    country: offer.country,
    spot: offer.spot,
    availability: offer.availability,
    price_per_hour: usd(offer.priceMicros),
    price_per_hour_with_markup: usd(Math.round(offer.priceMicros * (1 + markupPercent / 100))),
    performance_score: offer.performanceScore,
    updated_at: new Date(offer.updatedAtMs).toISOString(),
  };
}

export type OfferView = ReturnType<typeof buildOfferView>;

interface Rendered {
  markupPercent: number;
  view: OfferView;
  /** The view as UTF-8 JSON, built on first use. */
  json: Buffer | null;
}

/** Markups kept per offer: plans are few, so callers of different plans do not evict each other. */
const MARKUPS_PER_OFFER = 4;

/**
 * Offers in the index are immutable (a sync replaces the objects): each one's view, and its JSON,
 * is built once per markup and reused until the offer is replaced and collected. Serving a page
 * then allocates the page, not 50 fresh objects, date strings and serializations.
 */
const rendered = new WeakMap<CatalogOffer, Rendered[]>();

function renderedOf(offer: CatalogOffer, markupPercent: number): Rendered {
  let list = rendered.get(offer);
  if (!list) {
    list = [];
    rendered.set(offer, list);
  }
  for (const r of list) if (r.markupPercent === markupPercent) return r;
  const r: Rendered = { markupPercent, view: buildOfferView(offer, markupPercent), json: null };
  if (list.length >= MARKUPS_PER_OFFER) list.shift();
  list.push(r);
  return r;
}

/** The public view of an offer at a markup (percent); shared, read-only. */
export function toOfferView(offer: CatalogOffer, markupPercent: number): OfferView {
  return renderedOf(offer, markupPercent).view;
}

function offerJson(offer: CatalogOffer, markupPercent: number): Buffer {
  const r = renderedOf(offer, markupPercent);
  r.json ??= Buffer.from(JSON.stringify(r.view));
  return r.json;
}

function explainView(item: OfferPageItem) {
  const e = item.explain;
  if (!e) return undefined;
  return {
    criteria: e.criteria.map((c) => ({
      name: c.name,
      kind: c.kind,
      raw: c.raw,
      normalized: c.normalized,
      weighted: c.weighted,
      weight: c.weight,
      ideal: c.ideal,
      anti_ideal: c.antiIdeal,
    })),
    distance_to_ideal: e.distanceToIdeal,
    distance_to_anti_ideal: e.distanceToAntiIdeal,
    score: e.score,
  };
}

const HEAD = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');
const CLOSE_OBJECT = Buffer.from('}');

/**
 * A `GET /offers` page as UTF-8 JSON, assembled from each offer's cached JSON: without serializing the offers
 * again on every request. A value-sorted item reopens its offer's object to append
 * `value_score` (and `explain`).
 */
export function offerPageJson(page: OfferPage, markupPercent: number): Buffer {
  const parts: Buffer[] = [HEAD];
  page.items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    const json = offerJson(item.offer, markupPercent);
    if (item.valueScore === undefined && !item.explain) {
      parts.push(json);
      return;
    }
    parts.push(json.subarray(0, json.length - 1)); // without its closing brace
    const extra: Record<string, unknown> = {};
    if (item.valueScore !== undefined) extra.value_score = item.valueScore;
    const explain = explainView(item);
    if (explain) extra.explain = explain;
    // `{"value_score":…}` minus its opening brace continues the offer's object.
    parts.push(Buffer.from(`,${JSON.stringify(extra).slice(1)}`));
  });
  parts.push(Buffer.from(`],"next_cursor":${JSON.stringify(page.nextCursor)}`), CLOSE_OBJECT);
  return Buffer.concat(parts);
}
