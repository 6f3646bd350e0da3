import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Body<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type Pod = Json<paths['/api/v2/pods/{id}']['get']['responses'][200]>;
export type PodStatus = Pod['status'];
export type PodConnection = NonNullable<Pod['connection']>;
export type PodsPage = Json<paths['/api/v2/pods']['get']['responses'][200]>;
export type Draft = Json<paths['/api/v2/pods/drafts/{id}']['get']['responses'][200]>;
export type DraftInput = Body<'/api/v2/pods/drafts', 'post'>;
export type Estimate = Json<paths['/api/v2/pods/estimate']['post']['responses'][200]>;
export type Dashboard = Json<paths['/api/v2/dashboard']['get']['responses'][200]>;
export type Activity = Dashboard['recent_activity'][number];

export const PODS_QUERY_KEY = ['pods'] as const;
/** A pod that is still coming up is re-read at this pace, so the page follows it to `ready`. */
export const BOOTING_POLL_MS = 2_000;
/** Statuses the provisioning worker is still moving on its own. */
export const BOOTING: readonly PodStatus[] = ['pending', 'provisioning'];

export function getEstimate(body: { offer_id: string; storage_gb?: number }): Promise<Estimate> {
  return unwrap(api.POST('/api/v2/pods/estimate', { body }));
}

/** The cost of an offer for the caller; keeps the previous answer on screen while the next loads. */
export function useEstimate(offerId: string, storageGb: number | undefined) {
  return useQuery({
    queryKey: [...PODS_QUERY_KEY, 'estimate', offerId, storageGb ?? null],
    queryFn: () => getEstimate({ offer_id: offerId, ...(storageGb ? { storage_gb: storageGb } : {}) }),
    enabled: offerId !== '',
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useDraft(id: string | undefined) {
  return useQuery({
    queryKey: [...PODS_QUERY_KEY, 'draft', id],
    queryFn: () => unwrap(api.GET('/api/v2/pods/drafts/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    retry: false,
  });
}

/** Creates the draft, or replaces it when `id` is given (coming back from the review page). */
export function useSaveDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: DraftInput }) =>
      id
        ? unwrap(api.PUT('/api/v2/pods/drafts/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v2/pods/drafts', { body })),
    onSuccess: (draft) => queryClient.setQueryData([...PODS_QUERY_KEY, 'draft', draft.id], draft),
  });
}

/**
 * Deploys a draft. The caller passes one Idempotency-Key per page view: a double click, or a retry
 * after a lost answer, replays the first deploy instead of starting a second pod.
 */
export function useDeploy(draftId: string, idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v2/pods/drafts/{id}/deploy', {
          params: { path: { id: draftId }, header: { 'idempotency-key': idempotencyKey } },
        }),
      ),
    onSuccess: ({ pod }) => {
      queryClient.setQueryData([...PODS_QUERY_KEY, 'pod', pod.id], pod);
      void queryClient.invalidateQueries({ queryKey: [...PODS_QUERY_KEY, 'list'] });
    },
  });
}

export function usePod(id: string) {
  return useQuery({
    queryKey: [...PODS_QUERY_KEY, 'pod', id],
    queryFn: () => unwrap(api.GET('/api/v2/pods/{id}', { params: { path: { id } } })),
    refetchInterval: (query) =>
      query.state.data && BOOTING.includes(query.state.data.status) ? BOOTING_POLL_MS : false,
    retry: false,
  });
}

export function usePods(cursor: string | undefined) {
  return useQuery({
    queryKey: [...PODS_QUERY_KEY, 'list', cursor ?? null],
    queryFn: () =>
      unwrap(api.GET('/api/v2/pods', { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export type PodAction = 'stop' | 'start' | 'terminate';

/** Stop, start or terminate; the answer (the pod after the change) replaces the cached pod. */
export function usePodAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: PodAction) => {
      const params = { params: { path: { id } } };
      const result =
        action === 'terminate'
          ? await unwrap(api.DELETE('/api/v2/pods/{id}', params))
          : action === 'stop'
            ? await unwrap(api.POST('/api/v2/pods/{id}/stop', params))
            : await unwrap(api.POST('/api/v2/pods/{id}/start', params));
      return result.pod;
    },
    onSuccess: (pod) => {
      queryClient.setQueryData([...PODS_QUERY_KEY, 'pod', pod.id], pod);
      void queryClient.invalidateQueries({ queryKey: [...PODS_QUERY_KEY, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...PODS_QUERY_KEY, 'dashboard'] });
    },
  });
}

/** The e-mailed activation: public, so it works in a browser where the owner is not signed in. */
export function activatePod(token: string): Promise<Pod> {
  return unwrap(api.POST('/api/v2/pods/activate', { body: { token } })).then((r) => r.pod);
}

export function useDashboard() {
  return useQuery({
    queryKey: [...PODS_QUERY_KEY, 'dashboard'],
    queryFn: () => unwrap(api.GET('/api/v2/dashboard')),
    refetchInterval: 30_000,
  });
}
