import { Button, Group, Stack } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { QueryState as PodsQueryState } from '../pods/query-state';

/** The pods pages' QueryState (skeleton, problem, data) plus a Retry button under the problem. */
export function QueryState<T>(props: {
  query: UseQueryResult<T>;
  loadingLabel: string;
  /** Heights of the placeholder blocks, px. */
  skeletons: number[];
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (!props.query.isError) return <PodsQueryState {...props} />;
  return (
    <Stack gap="xs">
      <PodsQueryState {...props} />
      <Group>
        <Button
          variant="default"
          size="compact-sm"
          leftSection={<IconRefresh size={14} />}
          loading={props.query.isFetching}
          onClick={() => void props.query.refetch()}
        >
          Retry
        </Button>
      </Group>
    </Stack>
  );
}
