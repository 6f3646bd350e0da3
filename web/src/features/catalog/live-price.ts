import type { OfferPriceEvent } from '../../lib/realtime/realtime.types.js';

// Pure (no React, no imports but the wire types): also tested in Node (test/web/live-price.test.ts).

type Priced = { price_per_hour: number; price_per_hour_with_markup: number; availability: string };

const AVAILABILITY = ['available', 'limited', 'unavailable'] as const;

/**
 * The offer after a price event. The signed-in price carries the caller's plan markup, which the
 * event does not know: the ratio of the two prices on screen is kept (micro-dollar precision).
 */
export function applyPriceEvent<O extends Priced>(offer: O, e: OfferPriceEvent): O {
  const ratio = offer.price_per_hour > 0 ? offer.price_per_hour_with_markup / offer.price_per_hour : 1;
  const availability = AVAILABILITY.find((a) => a === e.availability) ?? offer.availability;
  return {
    ...offer,
    price_per_hour: e.price_per_hour,
    price_per_hour_with_markup: Math.round(e.price_per_hour * ratio * 1e6) / 1e6,
    availability,
  };
}
