import { Alert, Button, Code, Loader, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconPlugOff } from '@tabler/icons-react';
import { isApiProblem } from '../../api/client';
import type { Readiness } from './status.queries';

export interface StatusSummaryProps {
  loading: boolean;
  error: unknown;
  readiness: Readiness | undefined;
  onRetry(): void;
}

/** The one-line verdict at the top of the status page. */
export function StatusSummary({ loading, error, readiness, onRetry }: StatusSummaryProps) {
  if (error) {
    const problem = isApiProblem(error) ? error : undefined;
    if (!problem || problem.unreachable) {
      return (
        <Alert color="red" variant="light" title="API unreachable" icon={<IconPlugOff />} role="alert">
          <Text size="sm">
            The console cannot reach the GPUBROKER API at <Code>{window.location.origin}</Code>. Check that
            the server is running; this page keeps retrying every 10 seconds.
          </Text>
          <Button mt="sm" size="xs" variant="light" color="red" onClick={onRetry}>
            Retry now
          </Button>
        </Alert>
      );
    }
    return (
      <Alert color="orange" variant="light" title={problem.title} icon={<IconAlertTriangle />} role="alert">
        <Text size="sm">{problem.detail ?? 'The API answered with an error.'}</Text>
        {problem.request_id && (
          <Text size="xs" c="dimmed" mt={4}>
            Request id <Code>{problem.request_id}</Code>
          </Text>
        )}
      </Alert>
    );
  }
  if (loading || !readiness) {
    return (
      <Alert color="gray" variant="light" title="Checking…" icon={<Loader size="xs" />} role="status">
        Asking the instance how it is doing.
      </Alert>
    );
  }
  if (!readiness.ready) {
    return (
      <Alert color="orange" variant="light" title="Not ready" icon={<IconAlertTriangle />} role="alert">
        {readiness.detail ?? 'A dependency of this instance is down.'}
      </Alert>
    );
  }
  return (
    <Alert
      color="teal"
      variant="light"
      title="All systems operational"
      icon={<IconCircleCheck />}
      role="status"
    >
      The API is live and every dependency answered.
    </Alert>
  );
}
