import { Badge, Text, Timeline } from '@mantine/core';
import type { Pod, PodStatus } from './pods.api';
import { formatDateTime, STATUS_COLOR, STATUS_LABEL } from './pods-format';

export function PodStatusBadge({ status, size = 'md' }: { status: PodStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      size={size}
      data-status={status}
      data-testid="pod-status"
      style={{ minWidth: 'max-content' }}
    >
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** Every status the pod went through, oldest first, with its time and the worker's note. */
export function StatusTimeline({ history }: { history: Pod['status_history'] }) {
  return (
    <Timeline active={history.length - 1} bulletSize={14} lineWidth={2} aria-label="Status history">
      {history.map((entry) => (
        <Timeline.Item
          // The same status may repeat (fail-over): its time and note tell the entries apart.
          key={`${entry.at}-${entry.status}-${entry.detail ?? ''}`}
          title={STATUS_LABEL[entry.status]}
          color={STATUS_COLOR[entry.status]}
          data-status={entry.status}
        >
          <Text size="xs" c="dimmed">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </Text>
          {entry.detail && (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {entry.detail}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
