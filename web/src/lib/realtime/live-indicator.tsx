import { Badge } from '@mantine/core';
import { useRealtimeStatus } from './use-realtime';

/** "Live" while updates stream in; "Reconnecting…" otherwise (the page falls back to polling). */
export function LiveIndicator() {
  const live = useRealtimeStatus() === 'open';
  return (
    <Badge
      variant="dot"
      color={live ? 'teal' : 'gray'}
      size="sm"
      role="status"
      aria-live="polite"
      data-testid="realtime-status"
      data-status={live ? 'live' : 'reconnecting'}
    >
      {live ? 'Live' : 'Reconnecting…'}
    </Badge>
  );
}
