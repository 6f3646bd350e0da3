import {
  Alert,
  Button,
  Container,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { FormProblem, fieldErrors } from '../auth/form-problem';

type Level = 'info' | 'warning' | 'critical';
const LEVELS: Array<{ value: Level; label: string }> = [
  { value: 'info', label: 'Info' },
  { value: 'warning', label: 'Warning' },
  { value: 'critical', label: 'Critical' },
];

/** `datetime-local` input value (local time) → ISO instant; '' → null (until dismissed). */
function toInstant(local: string): string | null {
  return local === '' ? null : new Date(local).toISOString();
}

/**
 * Administration → Notifications (pod_admin): a message to every connected client, signed in or
 * not, on the `system` channel. Clients show it as a banner until it expires or is dismissed.
 */
export function SendNotificationPage() {
  const [level, setLevel] = useState<Level>('info');
  const [title, setTitle] = useState('');
  const [message, setMessage] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v2/admin/notifications', {
          body: { level, title: title.trim(), message: message.trim(), expires_at: toInstant(expiresAt) },
        }),
      ),
    onSuccess: () => {
      setTitle('');
      setMessage('');
    },
  });
  const fields = fieldErrors(send.error);

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <div>
          <Title order={1}>Notifications</Title>
          <Text c="dimmed">
            Shown at once as a banner to everyone with the console open (signed in or not), and to anyone who
            opens it while the notification is among the recent ones.
          </Text>
        </div>
        <form
          aria-label="Send a notification"
          onSubmit={(event) => {
            event.preventDefault();
            send.mutate();
          }}
        >
          <Stack gap="md">
            <SegmentedControl
              aria-label="Level"
              data={LEVELS}
              value={level}
              onChange={(v) => setLevel(v as Level)}
            />
            <TextInput
              label="Title"
              required
              maxLength={120}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={fields.title}
            />
            <Textarea
              label="Message"
              required
              autosize
              minRows={3}
              maxLength={2000}
              value={message}
              onChange={(event) => setMessage(event.currentTarget.value)}
              error={fields.message}
            />
            <TextInput
              type="datetime-local"
              label="Hide after"
              description="Optional, your local time; empty: until each user dismisses it."
              value={expiresAt}
              onChange={(event) => setExpiresAt(event.currentTarget.value)}
              error={fields.expires_at}
            />
            <FormProblem error={send.error} title="The notification was not sent" />
            {send.isSuccess && (
              <Alert color="teal" title="Sent" data-testid="notification-sent">
                Pushed to every connected client (system channel, seq {send.data.seq}).
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={send.isPending}>
                Send to everyone
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Container>
  );
}
