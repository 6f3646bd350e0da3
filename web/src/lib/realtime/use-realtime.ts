import { useEffect, useRef, useSyncExternalStore } from 'react';
import { realtimeClient } from './realtime';
import type { ChannelData, ChannelName } from './realtime.types';
import type { ChannelHandlers, RealtimeStatus } from './realtime-client';

/**
 * Follows `channel` while the component is mounted (null: follow nothing). The handlers may change
 * on every render without resubscribing; only a different channel name does.
 */
export function useRealtimeChannel<C extends ChannelName>(
  channel: C | null,
  handlers: ChannelHandlers<ChannelData<C>>,
): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (channel === null) return;
    return realtimeClient().subscribe(channel, {
      onEvent: (data, seq) => latest.current.onEvent(data, seq),
      onResync: () => latest.current.onResync?.(),
      onError: (code, message) => latest.current.onError?.(code, message),
      ...(latest.current.sinceSeq === undefined ? {} : { sinceSeq: latest.current.sinceSeq }),
    });
  }, [channel]);
}

const subscribeStatus = (listener: () => void) => realtimeClient().onStatus(listener);
const readStatus = () => realtimeClient().status;

/** The connection's status: `open` when live updates flow, `connecting` while it (re)connects. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(subscribeStatus, readStatus);
}
