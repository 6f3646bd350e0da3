import { Badge, type BadgeProps } from '@mantine/core';
import type { PodMode } from './admin-config.api';

/** SANDBOX yellow (simulated providers, test payments), LIVE red (real money). */
export function ModeBadge({ mode, ...props }: { mode: PodMode } & Omit<BadgeProps, 'color' | 'children'>) {
  return (
    <Badge color={mode === 'LIVE' ? 'red' : 'yellow'} variant="filled" {...props}>
      {mode}
    </Badge>
  );
}
