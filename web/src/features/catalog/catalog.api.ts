import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { useAuth } from '../../lib/auth';

type Ok<P extends keyof paths> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Provider = Ok<'/api/v2/providers'>['items'][number];
export type ProviderStatus = Provider['status'];
export type Gpu = Ok<'/api/v2/gpus'>['items'][number];
export type Featured = Ok<'/api/v2/providers/featured'>;
export type FeaturedItem = Featured['items'][number];
export type OffersPage = Ok<'/api/v2/offers'>;
export type Offer = OffersPage['items'][number];
export type Availability = Offer['availability'];
export type ValueExplanation = NonNullable<Offer['explain']>;
export type PricePoint = Ok<'/api/v2/offers/{id}/price-history'>['items'][number];
export type OffersQuery = NonNullable<paths['/api/v2/offers']['get']['parameters']['query']>;
export type OfferSort = NonNullable<OffersQuery['sort']>;

/** The landing page's featured prices are cached for 60 s by the server; refresh at the same pace. */
export const FEATURED_REFRESH_MS = 60_000;
/** Offers pages re-poll so prices and availability stay current while the page is open. */
export const OFFERS_REFRESH_MS = 60_000;
/** Price observations per history page. */
const HISTORY_PAGE = 200;

export const CATALOG_QUERY_KEY = ['catalog'] as const;

export async function listProviders(): Promise<Provider[]> {
  return (await unwrap(api.GET('/api/v2/providers'))).items;
}

export async function listGpus(): Promise<Gpu[]> {
  return (await unwrap(api.GET('/api/v2/gpus'))).items;
}

export function getFeatured(): Promise<Featured> {
  return unwrap(api.GET('/api/v2/providers/featured'));
}

/** One page of offers; repeatable filters (`gpu_model`, `provider`) go out as repeated parameters. */
export function listOffers(query: OffersQuery): Promise<OffersPage> {
  return unwrap(api.GET('/api/v2/offers', { params: { query } }));
}

export function getOffer(id: string): Promise<Offer> {
  return unwrap(api.GET('/api/v2/offers/{id}', { params: { path: { id } } }));
}

/** Price observations of an offer, newest first. */
export function listPriceHistory(id: string, cursor?: string) {
  return unwrap(
    api.GET('/api/v2/offers/{id}/price-history', {
      params: { path: { id }, query: { limit: HISTORY_PAGE, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

/**
 * Prices with markup depend on the caller's plan: cache them per plan, so signing in or out
 * refetches instead of showing another plan's prices.
 */
function usePriceScope(): string {
  const { user } = useAuth();
  return user?.plan ?? 'anonymous';
}

export function useProviders() {
  return useQuery({
    queryKey: [...CATALOG_QUERY_KEY, 'providers'],
    queryFn: listProviders,
    staleTime: 30_000,
    refetchInterval: OFFERS_REFRESH_MS,
  });
}

/** Provider id → provider, for rows that only carry the id. */
export function useProviderIndex(): Map<string, Provider> {
  const providers = useProviders();
  return new Map((providers.data ?? []).map((p) => [p.id, p]));
}

export function useGpus() {
  return useQuery({
    queryKey: [...CATALOG_QUERY_KEY, 'gpus'],
    queryFn: listGpus,
    // Published specifications: they change with a release, not while a page is open.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useFeatured() {
  const scope = usePriceScope();
  return useQuery({
    queryKey: [...CATALOG_QUERY_KEY, 'featured', scope],
    queryFn: getFeatured,
    refetchInterval: FEATURED_REFRESH_MS,
  });
}

/** `live`: prices arrive over the real-time connection, so the page need not re-poll. */
export function useOffers(query: OffersQuery, { live = false }: { live?: boolean } = {}) {
  const scope = usePriceScope();
  return useQuery({
    queryKey: [...CATALOG_QUERY_KEY, 'offers', scope, query],
    queryFn: () => listOffers(query),
    refetchInterval: live ? false : OFFERS_REFRESH_MS,
    // The table stays (dimmed) while the next page or a changed filter loads.
    placeholderData: keepPreviousData,
    // A 422 (bad weights, bad cursor) will not fix itself on a retry.
    retry: false,
  });
}

export function useOffer(id: string) {
  const scope = usePriceScope();
  return useQuery({
    queryKey: [...CATALOG_QUERY_KEY, 'offer', scope, id],
    queryFn: () => getOffer(id),
    refetchInterval: OFFERS_REFRESH_MS,
  });
}

export function usePriceHistory(id: string) {
  return useInfiniteQuery({
    queryKey: [...CATALOG_QUERY_KEY, 'offer', id, 'price-history'],
    queryFn: ({ pageParam }) => listPriceHistory(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: OFFERS_REFRESH_MS,
  });
}
