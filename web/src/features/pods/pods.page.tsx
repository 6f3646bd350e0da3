import { Button, Container, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { FormProblem } from '../auth/form-problem';
import { usePods } from './pods.api';
import { PodsList } from './pods-list';

/** `/pods`: every pod of the caller, newest first, 25 a page. */
export function PodsListPage() {
  usePageTitle('My pods');
  const [cursors, setCursors] = useState<string[]>([]);
  const pods = usePods(cursors.at(-1));
  return (
    <Container size="lg">
      <Stack gap="lg" py="lg">
        <Group justify="space-between">
          <Title order={1} fz={{ base: 26, sm: 34 }}>
            My pods
          </Title>
          <Button component={Link} to="/browse" variant="light">
            Deploy a new pod
          </Button>
        </Group>
        {pods.isPending ? (
          <Skeleton height={200} role="status" aria-label="Loading your pods" />
        ) : pods.isError ? (
          <FormProblem error={pods.error} title="Could not load your pods" />
        ) : pods.data.items.length === 0 && cursors.length === 0 ? (
          <Text c="dimmed">No pods yet. Pick an offer and deploy one.</Text>
        ) : (
          <>
            <PodsList pods={pods.data.items} label="Pods" />
            <Group justify="flex-end" gap="xs" component="nav" aria-label="Pages">
              <Button
                variant="default"
                disabled={cursors.length === 0}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Previous page
              </Button>
              <Button
                variant="default"
                disabled={!pods.data.next_cursor}
                onClick={() => setCursors((c) => (pods.data.next_cursor ? [...c, pods.data.next_cursor] : c))}
              >
                Next page
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Container>
  );
}
