import { describe, expect, it } from 'vitest';
import { applyPriceEvent } from '../../web/src/features/catalog/live-price.js';
import type { OfferPriceEvent } from '../../web/src/lib/realtime/realtime.types.js';

// The browse page's live price update (web/src/features/catalog/live-price.ts).

const offer = {
  id: 'ofr_1',
  gpu_model: 'H100',
  price_per_hour: 2,
  price_per_hour_with_markup: 2.3, // a 15 % markup
  availability: 'available' as 'available' | 'limited' | 'unavailable',
};

const event = (patch: Partial<OfferPriceEvent>): OfferPriceEvent => ({
  offer_id: 'ofr_1',
  provider: 'aws',
  gpu_model: 'H100',
  gpu_count: 1,
  region: 'us-east-1',
  spot: false,
  price_per_hour: 3,
  previous_price_per_hour: 2,
  availability: 'limited',
  changed_at: '2026-11-28T12:00:00.000Z',
  ...patch,
});

describe('applyPriceEvent', () => {
  it('takes the new price and availability and keeps the caller’s markup ratio', () => {
    expect(applyPriceEvent(offer, event({}))).toEqual({
      ...offer,
      price_per_hour: 3,
      price_per_hour_with_markup: 3.45,
      availability: 'limited',
    });
  });

  it('keeps the availability it knows when the event carries an unknown one, and never divides by zero', () => {
    const updated = applyPriceEvent(
      { ...offer, price_per_hour: 0, price_per_hour_with_markup: 0 },
      event({ availability: 'soon' }),
    );
    expect(updated.availability).toBe('available');
    expect(updated.price_per_hour_with_markup).toBe(3);
  });
});
