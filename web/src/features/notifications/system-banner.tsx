import { Alert, Container, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type SystemNotificationEvent, useRealtimeChannel } from '../../lib/realtime';

/** Dismissed notifications, remembered across reloads (the recent ones are replayed on connect). */
const DISMISSED_KEY = 'gpubroker.dismissed_notifications';
const DISMISSED_LIMIT = 50;

const COLOR: Record<SystemNotificationEvent['level'], string> = {
  info: 'blue',
  warning: 'yellow',
  critical: 'red',
};

function readDismissed(): string[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writeDismissed(ids: string[]) {
  try {
    localStorage.setItem(DISMISSED_KEY, JSON.stringify(ids.slice(-DISMISSED_LIMIT)));
  } catch {
    // Storage disabled: dismissed for this page view only.
  }
}

const expiresAt = (n: SystemNotificationEvent) =>
  n.expires_at ? Date.parse(n.expires_at) : Number.POSITIVE_INFINITY;

/**
 * Operators' notifications (`system` channel, everyone, signed in or not), newest first, each
 * dismissible, hidden after its `expires_at`. The first subscribe replays the recent ones.
 */
export function SystemBanner() {
  const [items, setItems] = useState<SystemNotificationEvent[]>([]);
  const [dismissed, setDismissed] = useState<string[]>(readDismissed);
  const [now, setNow] = useState(Date.now);

  useRealtimeChannel('system', {
    sinceSeq: 0,
    onEvent: (n) => {
      setNow(Date.now());
      setItems((prev) => (prev.some((p) => p.id === n.id) ? prev : [n, ...prev]));
    },
  });

  const visible = items.filter((n) => !dismissed.includes(n.id) && expiresAt(n) > now);

  // Re-render when the next one expires.
  const next = Math.min(...visible.map(expiresAt));
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(
      () => setNow(Date.now()),
      Math.min(Math.max(0, next - Date.now()) + 50, 2 ** 31 - 1),
    );
    return () => clearTimeout(timer);
  }, [next]);

  if (visible.length === 0) return null;
  const dismiss = (id: string) =>
    setDismissed((prev) => {
      const ids = [...prev, id];
      writeDismissed(ids);
      return ids;
    });
  return (
    <Container size="lg" w="100%" mb="md" component="section" aria-label="Notifications">
      <Stack gap="xs">
        {visible.map((n) => (
          <Alert
            key={n.id}
            color={COLOR[n.level]}
            variant="light"
            title={n.title}
            withCloseButton
            closeButtonLabel={`Dismiss ${n.title}`}
            onClose={() => dismiss(n.id)}
            data-testid="system-notification"
            data-level={n.level}
          >
            {n.message}
          </Alert>
        ))}
      </Stack>
    </Container>
  );
}
