import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { channelOf, type PodStatusEvent, realtimeClient } from '../../lib/realtime';
import { type Dashboard, PODS_QUERY_KEY, type Pod, type PodStatus, type PodsPage } from './pods.api';
import { STATUS_LABEL } from './pods-format';

/** Event ids already applied, per page view: the outbox may deliver one event twice. */
const SEEN_LIMIT = 500;

const isPodStatus = (s: string): s is PodStatus => Object.hasOwn(STATUS_LABEL, s);

/** Shows the new status at once in every cached view of the pod, then re-reads what depends on it. */
function applyPodEvent(queryClient: QueryClient, e: PodStatusEvent) {
  if (isPodStatus(e.status)) {
    const status = e.status;
    const patch = (pod: Pod): Pod =>
      pod.id === e.pod_id ? { ...pod, status, status_detail: e.detail } : pod;
    queryClient.setQueryData<Pod>([...PODS_QUERY_KEY, 'pod', e.pod_id], (pod) => pod && patch(pod));
    queryClient.setQueryData<Dashboard>(
      [...PODS_QUERY_KEY, 'dashboard'],
      (d) =>
        d && { ...d, active_pods: d.active_pods.map((p) => patch(p as Pod)) as Dashboard['active_pods'] },
    );
    queryClient.setQueriesData<PodsPage>(
      { queryKey: [...PODS_QUERY_KEY, 'list'] },
      (page) => page && { ...page, items: page.items.map((p) => patch(p as Pod)) as PodsPage['items'] },
    );
  }
  refetchPod(queryClient, e.pod_id);
}

/** Counts, spend, the status history and the connection follow from the server. */
function refetchPod(queryClient: QueryClient, podId: string) {
  void queryClient.invalidateQueries({ queryKey: [...PODS_QUERY_KEY, 'pod', podId] });
  void queryClient.invalidateQueries({ queryKey: [...PODS_QUERY_KEY, 'dashboard'] });
  void queryClient.invalidateQueries({ queryKey: [...PODS_QUERY_KEY, 'list'] });
}

/** Follows `pod:<id>` for each pod shown (the owner's own), keeping the cached pod views current. */
export function useLivePods(podIds: readonly string[]): void {
  const queryClient = useQueryClient();
  const seen = useRef(new Set<string>());
  const ids = useMemo(() => [...new Set(podIds)].sort().join('\n'), [podIds]);

  useEffect(() => {
    if (ids === '') return;
    const client = realtimeClient();
    const offs = ids.split('\n').map((id) =>
      client.subscribe(channelOf.pod(id), {
        onEvent: (e) => {
          if (seen.current.has(e.event_id)) return;
          seen.current.add(e.event_id);
          if (seen.current.size > SEEN_LIMIT)
            seen.current.delete(seen.current.values().next().value as string);
          applyPodEvent(queryClient, e);
        },
        onResync: () => refetchPod(queryClient, id),
        // From the channel's start: a change between the page's fetch and this subscription
        // arrives too (a pod has a handful of events; the latest one applied wins).
        sinceSeq: 0,
      }),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [ids, queryClient]);
}
