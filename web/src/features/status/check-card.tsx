import { Badge, Card, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './status.module.css';

export type CheckState = 'up' | 'down' | 'unknown';

const BADGE: Record<CheckState, { color: string; label: string }> = {
  up: { color: 'teal', label: 'Up' },
  down: { color: 'red', label: 'Down' },
  unknown: { color: 'gray', label: 'Unknown' },
};

export interface CheckCardProps {
  /** Stable id for the heading, so the card is a landmark named after the check. */
  id: string;
  name: string;
  description: string;
  state: CheckState;
  /** e.g. "3 ms"; omitted while unknown. */
  metric?: ReactNode;
  error?: string;
}

/** One liveness/readiness check: name, up/down badge, latency and the error when down. */
export function CheckCard({ id, name, description, state, metric, error }: CheckCardProps) {
  const badge = BADGE[state];
  return (
    <Card component="section" aria-labelledby={id} withBorder padding="lg" data-status={state}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div className={classes.heading}>
          <Title id={id} order={3} fz="lg">
            {name}
          </Title>
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        </div>
        <Badge color={badge.color} variant="light" size="lg" className={classes.badge}>
          {badge.label}
        </Badge>
      </Group>
      {metric !== undefined && (
        <Text mt="md" size="sm">
          {metric}
        </Text>
      )}
      {error && (
        <Text mt="xs" size="sm" c="red">
          {error}
        </Text>
      )}
    </Card>
  );
}
