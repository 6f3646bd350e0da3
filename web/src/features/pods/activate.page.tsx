import {
  Alert,
  Anchor,
  Button,
  Card,
  Center,
  Container,
  Group,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconClockX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/page-title';
import { FormProblem, problemOf } from '../auth/form-problem';
import { ConnectionDetails } from './connection-details';
import { PodStatusBadge } from './pod-status';
import { activatePod, PODS_QUERY_KEY, type Pod } from './pods.api';

/**
 * A token is single-use: the second POST would answer 410 and hide the first one's success. React's
 * StrictMode (and a remount) may run the page twice, so each token is posted at most once per page load.
 */
const activations = new Map<string, Promise<Pod>>();
function activateOnce(token: string): Promise<Pod> {
  let pending = activations.get(token);
  if (!pending) {
    pending = activatePod(token);
    activations.set(token, pending);
  }
  return pending;
}

/** `/pods/activate?token=…`, the link of the "ready to activate" e-mail: starts the pod and shows how to connect. */
export function ActivatePage() {
  usePageTitle('Activate your pod');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  return (
    <Container size="sm">
      <Stack gap="lg" py="xl">
        <Title order={1} fz={{ base: 26, sm: 34 }}>
          Activate your pod
        </Title>
        {token === '' ? (
          <Alert color="red" variant="light" role="alert" title="No activation token">
            Open the link from the e-mail exactly as it was sent.
          </Alert>
        ) : (
          <Activation token={token} />
        )}
      </Stack>
    </Container>
  );
}

function Activation({ token }: { token: string }) {
  const activation = useQuery({
    queryKey: [...PODS_QUERY_KEY, 'activate', token],
    queryFn: () => activateOnce(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  if (activation.isPending) {
    return (
      <Center py="xl" role="status" aria-label="Activating your pod">
        <Loader />
      </Center>
    );
  }
  if (activation.isError) {
    if (problemOf(activation.error)?.status === 410) {
      return (
        <Alert
          color="orange"
          variant="light"
          role="alert"
          title="This link was used or has expired"
          icon={<IconClockX />}
        >
          <Text size="sm">
            Each activation link works once, for a limited time. If your pod is already running, its
            connection details are on its page.
          </Text>
          <Button component={Link} to="/pods" variant="light" size="xs" mt="sm">
            My pods
          </Button>
        </Alert>
      );
    }
    return <FormProblem error={activation.error} title="Could not activate the pod" />;
  }
  const pod = activation.data;
  return (
    <Stack gap="md">
      <Alert color="teal" variant="light" title={`${pod.name} is running`} icon={<IconCircleCheck />}>
        <Text size="sm">
          Connect with the details below. Billing runs until you stop or terminate the pod.
        </Text>
      </Alert>
      <Card withBorder padding="lg" component="section" aria-labelledby="activate-connection-title">
        <Group justify="space-between" mb="sm">
          <Title id="activate-connection-title" order={2} fz="lg">
            Connection
          </Title>
          <PodStatusBadge status={pod.status} />
        </Group>
        {pod.connection ? (
          <ConnectionDetails connection={pod.connection} />
        ) : (
          <Text c="dimmed">No connection details yet.</Text>
        )}
      </Card>
      <Anchor component={Link} to={`/pods/${encodeURIComponent(pod.id)}`}>
        Open the pod page
      </Anchor>
    </Stack>
  );
}
