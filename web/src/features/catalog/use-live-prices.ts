import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '../../lib/auth';
import { channelOf, type OfferPriceEvent, realtimeClient, useRealtimeStatus } from '../../lib/realtime';
import { CATALOG_QUERY_KEY, type Offer, type OffersPage } from './catalog.api';
import { applyPriceEvent } from './live-price';

/** How long a row stays highlighted after its price or availability changed. */
export const HIGHLIGHT_MS = 2_500;

/** Updates the offer in every cached offers page (and its own page); true when one was on screen. */
function patchCache(queryClient: QueryClient, e: OfferPriceEvent): boolean {
  let found = false;
  queryClient.setQueriesData<OffersPage>({ queryKey: [...CATALOG_QUERY_KEY, 'offers'] }, (page) => {
    if (!page?.items.some((o) => o.id === e.offer_id)) return page;
    found = true;
    return { ...page, items: page.items.map((o) => (o.id === e.offer_id ? applyPriceEvent(o, e) : o)) };
  });
  // The offer's own page too (its price history, cached under the same prefix, has no `id`).
  queryClient.setQueriesData<Offer>({ queryKey: [...CATALOG_QUERY_KEY, 'offer'] }, (offer) =>
    offer?.id === e.offer_id ? applyPriceEvent(offer, e) : offer,
  );
  return found;
}

/** True while signed-in prices stream in (the socket is open): pages then stop re-polling. */
export function useLiveFeed(): boolean {
  const { status } = useAuth();
  const connected = useRealtimeStatus() === 'open';
  return status === 'authenticated' && connected;
}

/**
 * Live prices for the offers on screen: follows `prices:<gpu_model>` for every model shown (signed
 * in only), patches the cached pages in place and returns the ids of the offers that just changed.
 */
export function useLivePrices(offers: readonly Offer[]): ReadonlySet<string> {
  const queryClient = useQueryClient();
  const signedIn = useAuth().status === 'authenticated';
  const [updated, setUpdated] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const models = useMemo(() => [...new Set(offers.map((o) => o.gpu_model))].sort().join('\n'), [offers]);

  useEffect(() => {
    if (!signedIn || models === '') return;
    const client = realtimeClient();
    const highlight = (id: string) => {
      clearTimeout(timers.current.get(id));
      setUpdated((prev) => new Set(prev).add(id));
      timers.current.set(
        id,
        setTimeout(() => {
          timers.current.delete(id);
          setUpdated((prev) => {
            const next = new Set(prev);
            next.delete(id);
            return next;
          });
        }, HIGHLIGHT_MS),
      );
    };
    const offs = models.split('\n').map((model) =>
      client.subscribe(channelOf.prices(model), {
        onEvent: (e) => {
          if (patchCache(queryClient, e)) highlight(e.offer_id);
        },
        // Missed more than the server keeps: read the pages again.
        onResync: () => void queryClient.invalidateQueries({ queryKey: [...CATALOG_QUERY_KEY, 'offers'] }),
      }),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [models, signedIn, queryClient]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    };
  }, []);

  return updated;
}
