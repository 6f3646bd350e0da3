import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { ApiProblem, api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type PlansResponse = Json<paths['/api/v2/billing/plans']['get']['responses'][200]>;
export type Plan = PlansResponse['items'][number];
export type PlanId = Plan['id'];
export type PaidPlanId = Exclude<PlanId, 'free'>;
export type Interval = 'month' | 'year';
export type BillingMode = PlansResponse['mode'];
export type SetupIntent = Json<paths['/api/v2/billing/setup-intent']['post']['responses'][200]>;
export type Cards = Json<paths['/api/v2/billing/payment-methods']['get']['responses'][200]>;
export type Card = Cards['items'][number];
export type CurrentSubscription = Json<paths['/api/v2/billing/subscription']['get']['responses'][200]>;
export type Subscription = NonNullable<CurrentSubscription['subscription']>;
export type Summary = Json<paths['/api/v2/billing/summary']['get']['responses'][200]>;
export type UsageRecord = Json<paths['/api/v2/billing/usage']['get']['responses'][200]>['items'][number];
export type Invoice = Json<paths['/api/v2/billing/invoices']['get']['responses'][200]>['items'][number];
export type InvoiceDetail = Json<paths['/api/v2/billing/invoices/{id}']['get']['responses'][200]>;
export type AddCardBody = NonNullable<
  paths['/api/v2/billing/payment-methods']['post']['requestBody']
>['content']['application/json'];

export const BILLING_QUERY_KEY = ['billing'] as const;
const key = (...rest: unknown[]) => [...BILLING_QUERY_KEY, ...rest];

/** Plans are public and cached by the server for a minute; the page need not ask more often. */
export function usePlans() {
  return useQuery({
    queryKey: key('plans'),
    queryFn: () => unwrap(api.GET('/api/v2/billing/plans')),
    staleTime: 60_000,
  });
}

export function useSubscription(enabled = true) {
  return useQuery({
    queryKey: key('subscription'),
    queryFn: () => unwrap(api.GET('/api/v2/billing/subscription')),
    enabled,
  });
}

export function useCards() {
  return useQuery({
    queryKey: key('cards'),
    queryFn: () => unwrap(api.GET('/api/v2/billing/payment-methods')),
  });
}

/**
 * Where a new card is entered: the mode (SANDBOX test-card form or LIVE Stripe Elements) and, in
 * LIVE, the SetupIntent's client secret. One intent serves the form until a card is saved.
 */
export function useSetupIntent() {
  return useQuery({
    queryKey: key('setup-intent'),
    queryFn: () => unwrap(api.POST('/api/v2/billing/setup-intent')),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** Saves a card; the list is re-read and a spent SetupIntent dropped so the next card gets its own. */
export function useAddCard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddCardBody) => unwrap(api.POST('/api/v2/billing/payment-methods', { body })),
    onSuccess: (card) => {
      queryClient.removeQueries({ queryKey: key('setup-intent') });
      // In the list at once, so a picker can select it before the list is read again.
      queryClient.setQueryData<Cards>(key('cards'), (old) => ({
        items: [...(old?.items ?? []).filter((c) => c.payment_method_id !== card.payment_method_id), card],
        default_payment_method_id: card.is_default
          ? card.payment_method_id
          : (old?.default_payment_method_id ?? null),
      }));
      void queryClient.invalidateQueries({ queryKey: key('cards') });
    },
  });
}

export interface SubscribeInput {
  plan: PaidPlanId;
  interval: Interval;
  payment_method_id: string;
}

/** `POST /billing/subscribe` with the attempt's Idempotency-Key (a resent attempt replays the first answer). */
export function subscribe(body: SubscribeInput, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v2/billing/subscribe', {
      body,
      params: { header: { 'idempotency-key': idempotencyKey } },
    }),
  );
}

/** Cancel at the period's end (`true`) or keep the subscription (`false`). */
export function useSetCancel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (cancel: boolean) =>
      unwrap(
        cancel
          ? api.POST('/api/v2/billing/subscription/cancel')
          : api.POST('/api/v2/billing/subscription/resume'),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key('summary') });
      void queryClient.invalidateQueries({ queryKey: key('subscription') });
    },
  });
}

export function useSummary() {
  return useQuery({
    queryKey: key('summary'),
    queryFn: () => unwrap(api.GET('/api/v2/billing/summary')),
    refetchInterval: 60_000,
  });
}

/** Sets (a number, USD) or clears (`null`) the monthly cap; the answer is the new summary. */
export function useSetSpendCap() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (monthlyLimit: number | null) =>
      unwrap(api.PUT('/api/v2/billing/spend-cap', { body: { monthly_limit: monthlyLimit } })),
    onSuccess: (summary) => queryClient.setQueryData(key('summary'), summary),
  });
}

const PAGE_SIZE = 25;

export function useUsage() {
  return useInfiniteQuery({
    queryKey: key('usage'),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v2/billing/usage', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useInvoices() {
  return useInfiniteQuery({
    queryKey: key('invoices'),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v2/billing/invoices', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useInvoice(id: string) {
  return useQuery({
    queryKey: key('invoice', id),
    queryFn: () => unwrap(api.GET('/api/v2/billing/invoices/{id}', { params: { path: { id } } })),
    retry: false,
  });
}

/** Pays an open invoice with the default card; a decline is a 402 whose `detail` says why. */
export function usePayInvoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v2/billing/invoices/{id}/pay', { params: { path: { id } } })),
    onSuccess: (invoice) => {
      queryClient.setQueryData(key('invoice', invoice.id), invoice);
      void queryClient.invalidateQueries({ queryKey: key('invoices') });
      void queryClient.invalidateQueries({ queryKey: key('summary') });
    },
  });
}

/**
 * The invoice as an HTML document. Through `api` (not a bare fetch) so the auth middleware adds the
 * token and refreshes it on a 401; the body is text, so a problem document is parsed here.
 */
export async function invoiceHtml(id: string): Promise<string> {
  const result = await api
    .GET('/api/v2/billing/invoices/{id}/html', { params: { path: { id } }, parseAs: 'text' })
    .catch(() => null);
  if (!result) throw new ApiProblem(networkProblem);
  if (result.response.ok) return String(result.data ?? '');
  let problem: unknown;
  try {
    problem = JSON.parse(String(result.error ?? ''));
  } catch {
    problem = null;
  }
  throw new ApiProblem(
    isProblemShape(problem)
      ? problem
      : {
          type: 'about:blank',
          code: 'unexpected_response',
          status: result.response.status,
          title: `HTTP ${result.response.status}`,
          detail: `The server answered ${result.response.status} without a problem document.`,
        },
  );
}

const networkProblem = {
  type: 'about:blank',
  code: 'network_error',
  status: 0,
  title: 'API unreachable',
  detail: 'The request could not be sent.',
};

function isProblemShape(value: unknown): value is ConstructorParameters<typeof ApiProblem>[0] {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.title === 'string' && typeof v.status === 'number';
}
