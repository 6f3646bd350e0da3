import type { EventSubscriptions } from '../../platform/events/index.js';
import { POD_STATUS_CHANGED, type PodStatusChanged } from '../pods/index.js';
import type { RealtimePublisher } from './server-events.js';

/** Remembered event ids: the outbox delivers at least once, a redelivery is not pushed twice. */
const SEEN_MAX = 10_000;

/**
 * Pods write `pod.status_changed` in the transaction of the change; the relay delivers it here
 * (on whichever instance leased it) and it goes out on `pod:<id>` to every instance.
 */
export function podStatusRelay(events: EventSubscriptions, publisher: RealtimePublisher): () => void {
  const seen = new Set<string>();
  return events.subscribe(POD_STATUS_CHANGED, async (event) => {
    if (seen.has(event.id)) return;
    const p = event.payload as PodStatusChanged;
    await publisher.publish(`pod:${p.pod_id}`, {
      pod_id: p.pod_id,
      status: p.status,
      previous_status: p.previous_status,
      detail: p.detail,
      at: p.at,
      event_id: event.id,
    });
    seen.add(event.id);
    if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as string);
  });
}
