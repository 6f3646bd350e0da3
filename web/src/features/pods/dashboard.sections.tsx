import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { HEALTH_COLOR } from '../catalog/catalog-format';
import type { Activity, Dashboard } from './pods.api';
import { activityLabel, formatDateTime } from './pods-format';

/** One figure with its caption (pods running, spend this month, …). */
export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz={26} fw={700} lh={1.2} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

export function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title id={id} order={2} fz="lg" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function ProviderHealthList({ providers }: { providers: Dashboard['providers'] }) {
  if (providers.length === 0) return <Text c="dimmed">No providers enabled.</Text>;
  return (
    <List listStyleType="none" spacing={6} aria-label="Provider health">
      {providers.map((p) => (
        <List.Item key={p.id}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{p.name}</Text>
            <Badge
              size="sm"
              variant="light"
              color={HEALTH_COLOR[p.status as keyof typeof HEALTH_COLOR] ?? 'gray'}
              data-circuit={p.circuit}
            >
              {p.status}
            </Badge>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/** The target's name when the activity row carries one, else its id. */
function target(item: Activity): ReactNode {
  const name = typeof item.detail?.name === 'string' ? item.detail.name : item.target_id;
  if (!name) return null;
  if (item.target_type === 'pod' && item.target_id) {
    return (
      <Anchor component={Link} to={`/pods/${encodeURIComponent(item.target_id)}`} size="sm">
        {name}
      </Anchor>
    );
  }
  return name;
}

export function ActivityList({ items }: { items: readonly Activity[] }) {
  if (items.length === 0) return <Text c="dimmed">Nothing yet.</Text>;
  return (
    <List listStyleType="none" spacing={8} aria-label="Recent activity">
      {items.map((item) => (
        <List.Item key={item.id} data-action={item.action} data-target-id={item.target_id ?? undefined}>
          <Stack gap={0}>
            <Text size="sm">
              {activityLabel(item.action)} {target(item)}
            </Text>
            <Text size="xs" c="dimmed">
              <time dateTime={item.at}>{formatDateTime(item.at)}</time>
            </Text>
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}
